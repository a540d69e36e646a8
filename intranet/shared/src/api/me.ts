import type { ApiClient } from "./apiClient";

/** The signed-in agent as the API sees it (`GET /api/me`). */
export interface Me {
  id: string;
  tenantId: string;
  displayName: string;
  userPrincipalName: string;
  department: string | null;
  jobTitle: string | null;
  roles: string[];
}

export function fetchMe(api: ApiClient, signal?: AbortSignal): Promise<Me> {
  return api.get<Me>("/api/me", { signal });
}
