import type { SandboxToken } from "../api/sandbox";
import type { AuthAccount, AuthAdapter } from "./authAdapter";
import {
  clearSandboxSession,
  readSandboxSession,
  type SandboxSession,
  type SessionStorageLike,
  writeSandboxSession,
} from "./sandboxSession";

/** Tokens this close to expiry are treated as expired, so a request never leaves with a dying one. */
const expirySkewMs = 30_000;

export interface SandboxAuthOptions {
  /** Usually `(upn) => requestSandboxToken(publicApi, upn)`. */
  requestToken: (userPrincipalName: string) => Promise<SandboxToken>;
  storage: SessionStorageLike;
  now?: () => number;
}

export interface SandboxAuthAdapter extends AuthAdapter {
  readonly kind: "sandbox";
  /** Signs in as a seeded agent of the sandbox tenant (no Microsoft account involved). */
  signIn(agent: AuthAccount): Promise<AuthAccount>;
}

export function createSandboxAuth(options: SandboxAuthOptions): SandboxAuthAdapter {
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();
  let session: SandboxSession | null = readSandboxSession(options.storage);

  const isLive = (candidate: SandboxSession | null): candidate is SandboxSession =>
    candidate !== null && candidate.expiresAt - expirySkewMs > now();

  function replaceSession(next: SandboxSession | null): void {
    session = next;
    if (next) writeSandboxSession(options.storage, next);
    else clearSandboxSession(options.storage);
    for (const listener of listeners) listener();
  }

  return {
    kind: "sandbox",

    async signIn(agent) {
      const token = await options.requestToken(agent.userPrincipalName);
      const account: AuthAccount = {
        id: agent.id,
        userPrincipalName: agent.userPrincipalName,
        displayName: agent.displayName,
      };
      replaceSession({
        accessToken: token.access_token,
        expiresAt: now() + token.expires_in * 1000,
        account,
      });
      return account;
    },

    async getAccessToken() {
      if (isLive(session)) return session.accessToken;
      if (session) replaceSession(null);
      return null;
    },

    getAccount() {
      return isLive(session) ? session.account : null;
    },

    async isInteractiveSignInRequired() {
      return !isLive(session);
    },

    async signOut() {
      replaceSession(null);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
