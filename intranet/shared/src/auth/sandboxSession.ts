import type { AuthAccount } from "./authAdapter";

/** A sandbox sign-in, as kept in sessionStorage. */
export interface SandboxSession {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  account: AuthAccount;
}

export type SessionStorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export const sandboxSessionKey = "relais.sandbox.session";

function isAccount(value: unknown): value is AuthAccount {
  return (
    typeof value === "object" &&
    value !== null &&
    "id" in value &&
    typeof value.id === "string" &&
    "userPrincipalName" in value &&
    typeof value.userPrincipalName === "string" &&
    "displayName" in value &&
    typeof value.displayName === "string"
  );
}

function isSession(value: unknown): value is SandboxSession {
  return (
    typeof value === "object" &&
    value !== null &&
    "accessToken" in value &&
    typeof value.accessToken === "string" &&
    "expiresAt" in value &&
    typeof value.expiresAt === "number" &&
    "account" in value &&
    isAccount(value.account)
  );
}

export function readSandboxSession(storage: SessionStorageLike): SandboxSession | null {
  const raw = storage.getItem(sandboxSessionKey);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function writeSandboxSession(storage: SessionStorageLike, session: SandboxSession): void {
  storage.setItem(sandboxSessionKey, JSON.stringify(session));
}

export function clearSandboxSession(storage: SessionStorageLike): void {
  storage.removeItem(sandboxSessionKey);
}
