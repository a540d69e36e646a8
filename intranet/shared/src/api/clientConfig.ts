import type { ApiClient } from "./apiClient";

/** What a front end needs to know before signing anyone in (`GET /api/client-config`). */
export interface ClientConfig {
  mode: "embedded" | "tenant";
  tenantId: string;
  clientId: string;
  apiScope: string;
  /** Where MSAL (and nested app authentication) signs agents in. */
  authority: string;
  /** The built-in sandbox tenant's sign-in is available. */
  sandbox: boolean;
}

export function fetchClientConfig(api: ApiClient, signal?: AbortSignal): Promise<ClientConfig> {
  return api.get<ClientConfig>("/api/client-config", { authenticated: false, signal });
}
