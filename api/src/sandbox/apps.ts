/** App registrations known to the sandbox tenant, as an Entra admin would have consented them. */
export interface SandboxApp {
  clientId: string;
  servicePrincipalId: string;
  displayName: string;
  /** Confidential clients only. */
  secret?: string;
  /** Certificates (PEM) registered for client assertions, like an app registration's "Certificates". */
  certificates: string[];
  /** Application permissions granted per resource (audience). */
  appRoles: Record<string, string[]>;
}

export const GRAPH_AUDIENCE = "https://graph.microsoft.com";

export const SANDBOX_API_CLIENT_ID = "6f0c3b8e-2a4d-4c1e-9b7a-5d2e8f1a0c31";
export const SANDBOX_WEB_CLIENT_ID = "a3d9e4f2-7b1c-4e8d-8f6a-2c5b9e0d4a17";
export const SANDBOX_API_SECRET = "sandbox-relais-api-secret";

export function sandboxApps(): SandboxApp[] {
  return [
    {
      clientId: SANDBOX_API_CLIENT_ID,
      servicePrincipalId: "0e7c1a94-5b3f-4d2a-a8e6-9f4b2c7d1e05",
      displayName: "Relais API",
      secret: SANDBOX_API_SECRET,
      certificates: [],
      appRoles: {
        [GRAPH_AUDIENCE]: ["User.Read.All", "GroupMember.Read.All", "Mail.Send"],
      },
    },
    {
      clientId: SANDBOX_WEB_CLIENT_ID,
      servicePrincipalId: "5a2e8c17-3d9b-4f6e-b1c4-7e0a9d3f2b68",
      displayName: "Relais (front ends)",
      certificates: [],
      appRoles: {},
    },
  ];
}
