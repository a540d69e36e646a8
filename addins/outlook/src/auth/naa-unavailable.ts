import type { AddinAuthConfig, TokenSource } from "./types";

/**
 * Stands in for `./naa` in the runtime built without MSAL (`buildRuntime({ withAuth: false })`):
 * the token then comes from Office's own SSO alone, or not at all.
 */
export function createNaaTokenSource(_config: AddinAuthConfig): TokenSource {
  return {
    name: "nested-app-auth (not built in)",
    getToken: async () => ({ kind: "unavailable", reason: "built without MSAL" }),
  };
}
