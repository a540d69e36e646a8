import {
  createNestablePublicClientApplication,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
  LogLevel,
  PublicClientApplication,
} from "@azure/msal-browser";
import type { AddinAuthConfig, TokenOutcome, TokenSource } from "./types";

interface Application {
  client: IPublicClientApplication;
  /** True when Outlook's NAA bridge answers; false for MSAL's standard browser client. */
  nested: boolean;
}

const NEEDS_USER_CODES = new Set(["no_account_error", "no_account_in_silent_request"]);

function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "errorCode" in error) {
    const code = (error as { errorCode: unknown }).errorCode;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/**
 * Nested App Authentication: Outlook signs the agent in and hands MSAL tokens over its bridge
 * (`window.nestedAppAuthBridge`). Where there is no bridge, MSAL falls back to its standard
 * browser client, which only the task pane can use (it needs popups and a page URL); the
 * event runtime then gets `unavailable` and moves on to Office's own SSO.
 */
export function createNaaTokenSource(config: AddinAuthConfig): TokenSource {
  let application: Promise<Application | null> | null = null;

  const load = (): Promise<Application | null> => {
    application ??= (async () => {
      let nested = false;
      try {
        const client = await createNestablePublicClientApplication(
          {
            auth: { clientId: config.clientId, authority: config.authority },
            // Tokens stay in memory: the JavaScript-only runtime has no web storage, and a token
            // is no business of the mailbox's roaming settings.
            cache: { cacheLocation: "memoryStorage" },
            system: {
              loggerOptions: {
                logLevel: LogLevel.Warning,
                piiLoggingEnabled: false,
                loggerCallback: (level, message) => {
                  if (level === LogLevel.Error) console.error(message);
                  else console.warn(message);
                },
              },
            },
          },
          undefined,
          (configuration, controller) => {
            nested = true;
            return new PublicClientApplication(configuration, controller);
          },
        );
        return { client, nested };
      } catch (error) {
        console.warn("Relais: MSAL could not start here", error);
        return null;
      }
    })();
    return application;
  };

  const classify = (error: unknown): TokenOutcome => {
    if (error instanceof InteractionRequiredAuthError) return { kind: "needs-user", reason: error };
    const code = errorCode(error);
    if (code === "user_cancelled") return { kind: "cancelled" };
    if (code !== undefined && NEEDS_USER_CODES.has(code))
      return { kind: "needs-user", reason: error };
    return { kind: "unavailable", reason: error };
  };

  return {
    name: "nested-app-auth",
    async getToken(interactive) {
      const app = await load();
      if (app === null) return { kind: "unavailable", reason: "MSAL did not start" };
      const { client, nested } = app;
      const scopes = [config.apiScope];
      const account = client.getActiveAccount() ?? client.getAllAccounts()[0];
      // The standard client without an account would only say "sign in": let Office SSO try.
      if (!nested && account === undefined && !interactive) {
        return { kind: "unavailable", reason: "no NAA bridge and no MSAL account" };
      }
      try {
        const result = await client.acquireTokenSilent({ scopes, ...(account ? { account } : {}) });
        if (result.account) client.setActiveAccount(result.account);
        return { kind: "token", token: result.accessToken };
      } catch (error) {
        const outcome = classify(error);
        if (!interactive || outcome.kind === "cancelled") return outcome;
        console.info("Relais: silent token refused, asking the agent", error);
      }
      try {
        const result = await client.acquireTokenPopup({ scopes });
        if (result.account) client.setActiveAccount(result.account);
        return { kind: "token", token: result.accessToken };
      } catch (error) {
        return classify(error);
      }
    },
  };
}
