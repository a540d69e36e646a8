/**
 * A fake of Outlook's side of Nested App Authentication: the `nestedAppAuthBridge` object MSAL
 * (`createNestablePublicClientApplication`) talks to, answering its JSON messages
 * (GetInitContext, GetToken, GetTokenPopup) with real sandbox tokens.
 *
 * Two halves, so that it works in a browser page as well as in a `node:vm` context:
 * - `installFakeNaaBridge(hostFunctionName)` runs inside the page or context. It defines
 *   `nestedAppAuthBridge` on the global object and forwards every message to the function
 *   `globalThis[hostFunctionName](message) → Promise<string | null>`. It closes over nothing, so
 *   its source can be injected (Playwright: `page.addInitScript(installFakeNaaBridge, name)`).
 * - `createNaaBridgeHost(options)` runs in Node: `host.handle` is that function (Playwright:
 *   `page.exposeFunction(name, host.handle)`; vm: put it on the context under that name).
 */

export const NAA_BRIDGE_HOST_FUNCTION = "__relaisNaaBridgeHost";

/** Runs in the page / context. Must stay self-contained: its source is what gets injected. */
export function installFakeNaaBridge(hostFunctionName: string): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  const listeners: Array<(response: string) => void> = [];
  scope.nestedAppAuthBridge = {
    addEventListener(type: string, listener: (response: string) => void) {
      if (type === "message") listeners.push(listener);
    },
    removeEventListener(type: string, listener: (response: string) => void) {
      const index = listeners.indexOf(listener);
      if (type === "message" && index !== -1) listeners.splice(index, 1);
    },
    postMessage(message: string) {
      const host = scope[hostFunctionName] as (message: string) => Promise<string | null>;
      Promise.resolve(host(message)).then(
        (response) => {
          if (response === null || response === undefined) return;
          for (const listener of listeners.slice()) listener(response);
        },
        (error: unknown) => console.error("fake NAA bridge: the host failed", error),
      );
    },
  };
}

/** How the fake Outlook answers token requests. */
export type NaaBehaviour =
  /** Gives a token (GetToken and GetTokenPopup). */
  | "grant"
  /** Silent requests need the user; popups grant. */
  | "interaction-required"
  /** The user closes the popup. */
  | "user-cancel"
  /** Outlook has no account (e.g. signed out). */
  | "account-unavailable"
  /** The bridge never answers token requests. */
  | "silent-hang";

export interface NaaAccount {
  tenantId: string;
  /** Entra object id of the agent. */
  userId: string;
  username: string;
  name: string;
  /** Default `login.microsoftonline.com`. */
  environment?: string;
}

export interface NaaTokenRequest {
  method: "GetToken" | "GetTokenPopup";
  clientId: string;
  scope: string;
  correlationId: string;
}

export interface NaaBridgeHostOptions {
  account: NaaAccount;
  /** The access token for a request (e.g. the test app's `sandbox.issuer.mintUserToken`). */
  mintAccessToken(request: NaaTokenRequest): Promise<{ accessToken: string; expiresIn: number }>;
  behaviour?: NaaBehaviour;
  /** Delay before each answer, like a real host round trip. */
  delayMs?: number;
}

export interface NaaBridgeHost {
  /** Takes a message posted by MSAL, resolves to the response to dispatch (or null: none). */
  handle(message: string): Promise<string | null>;
  /** Token requests received, in order. */
  readonly tokenRequests: NaaTokenRequest[];
  /** Every method called (GetInitContext included). */
  readonly calls: string[];
  behaviour: NaaBehaviour;
}

const base64Url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An id_token-shaped JWT: MSAL reads its claims (it does not check signatures of bridge tokens). */
function idTokenFor(account: NaaAccount, clientId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const environment = account.environment ?? "login.microsoftonline.com";
  return [
    base64Url({ alg: "none", typ: "JWT" }),
    base64Url({
      aud: clientId,
      iss: `https://${environment}/${account.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: account.name,
      oid: account.userId,
      preferred_username: account.username,
      sub: account.userId,
      tid: account.tenantId,
      ver: "2.0",
    }),
    "",
  ].join(".");
}

export function createNaaBridgeHost(options: NaaBridgeHostOptions): NaaBridgeHost {
  const { account } = options;
  const environment = account.environment ?? "login.microsoftonline.com";
  const homeAccountId = `${account.userId}.${account.tenantId}`;
  const tokenRequests: NaaTokenRequest[] = [];
  const calls: string[] = [];
  const wait = () =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.max(options.delayMs ?? 0, 0)));

  const host: NaaBridgeHost = {
    tokenRequests,
    calls,
    behaviour: options.behaviour ?? "grant",
    async handle(message) {
      const request = JSON.parse(message) as {
        method: string;
        requestId: string;
        tokenParams?: { clientId: string; scope: string; correlationId: string };
      };
      calls.push(request.method);
      const respond = (body: Record<string, unknown>) =>
        JSON.stringify({
          messageType: "NestedAppAuthResponse",
          requestId: request.requestId,
          ...body,
        });
      const fail = (status: string, code: string, description: string) =>
        respond({ success: false, error: { status, code, description } });
      await wait();

      if (request.method === "GetInitContext") {
        return respond({
          success: true,
          initContext: {
            sdkName: "relais-fake-outlook",
            sdkVersion: "1.0.0",
            capabilities: { queryAccount: false },
            accountContext: { homeAccountId, environment, tenantId: account.tenantId },
          },
        });
      }
      if (request.method !== "GetToken" && request.method !== "GetTokenPopup") {
        return fail("PERSISTENT_ERROR", "unknown_method", `unknown method ${request.method}`);
      }
      const params = request.tokenParams ?? { clientId: "", scope: "", correlationId: "" };
      const tokenRequest: NaaTokenRequest = {
        method: request.method,
        clientId: params.clientId,
        scope: params.scope,
        correlationId: params.correlationId,
      };
      tokenRequests.push(tokenRequest);
      const silent = request.method === "GetToken";
      switch (host.behaviour) {
        case "silent-hang":
          if (silent) return null;
          break;
        case "interaction-required":
          if (silent) {
            return fail("USER_INTERACTION_REQUIRED", "interaction_required", "consent needed");
          }
          break;
        case "user-cancel":
          if (silent) {
            return fail("USER_INTERACTION_REQUIRED", "interaction_required", "consent needed");
          }
          return fail("USER_CANCEL", "user_cancelled", "the user closed the window");
        case "account-unavailable":
          return fail("ACCOUNT_UNAVAILABLE", "no_account", "no account signed in to Outlook");
        case "grant":
          break;
      }
      const minted = await options.mintAccessToken(tokenRequest);
      return respond({
        success: true,
        token: {
          access_token: minted.accessToken,
          expires_in: minted.expiresIn,
          id_token: idTokenFor(account, params.clientId),
          scope: params.scope,
          properties: null,
        },
        account: {
          homeAccountId,
          environment,
          tenantId: account.tenantId,
          username: account.username,
          localAccountId: account.userId,
          name: account.name,
        },
      });
    },
  };
  return host;
}
