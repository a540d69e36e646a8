import { officeSingleSignOn } from "../office/event-host";
import { createNaaTokenSource } from "./naa";
import type { AddinAuth, AddinAuthConfig, TokenSource } from "./types";

export type { AddinAuth, AddinAuthConfig, TokenOutcome, TokenSource } from "./types";

/**
 * Tokens for the Relais API: Nested App Authentication first (MSAL over Outlook's bridge), then
 * Office's own SSO (`Office.auth.getAccessToken`) where NAA cannot run — older Outlook builds, or
 * a JavaScript-only runtime where MSAL does not start. Sources are tried in order until one gives a
 * token or an answer about the user (sign-in needed, cancelled), which ends the search.
 */
export function createAddinAuth(
  config: AddinAuthConfig,
  sources: TokenSource[] = [createNaaTokenSource(config), officeSingleSignOn],
): AddinAuth {
  return {
    async getToken(options) {
      const interactive = options?.interactive ?? false;
      for (const source of sources) {
        let outcome: Awaited<ReturnType<TokenSource["getToken"]>>;
        try {
          outcome = await source.getToken(interactive);
        } catch (error) {
          outcome = { kind: "unavailable", reason: error };
        }
        switch (outcome.kind) {
          case "token":
            return outcome.token;
          case "cancelled":
            return null;
          case "needs-user":
            console.info(`Relais: ${source.name} needs the agent to sign in`, outcome.reason);
            return null;
          case "unavailable":
            console.info(`Relais: ${source.name} unavailable here`, outcome.reason);
        }
      }
      return null;
    },
  };
}
