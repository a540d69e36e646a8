import type { ApiClient } from "./apiClient";

/** An agent of the built-in sandbox tenant one may sign in as. */
export interface SandboxAgent {
  id: string;
  userPrincipalName: string;
  displayName: string;
  department: string | null;
  jobTitle: string | null;
  roles: string[];
}

export interface SandboxToken {
  access_token: string;
  token_type: "Bearer";
  /** Lifetime in seconds. */
  expires_in: number;
}

export async function listSandboxAgents(
  api: ApiClient,
  signal?: AbortSignal,
): Promise<SandboxAgent[]> {
  const body = await api.get<{ agents: SandboxAgent[] }>("/sandbox/agents", {
    authenticated: false,
    signal,
  });
  return body.agents;
}

export function requestSandboxToken(
  api: ApiClient,
  userPrincipalName: string,
): Promise<SandboxToken> {
  return api.post<SandboxToken>("/sandbox/token", { userPrincipalName }, { authenticated: false });
}
