export type { AuthAccount, AuthAdapter, AuthKind } from "./authAdapter";
export { isRelaisRole, knownRoles, type RelaisRole, relaisRoles, roleKeys } from "./roles";
export { createSandboxAuth, type SandboxAuthAdapter, type SandboxAuthOptions } from "./sandboxAuth";
export { type SandboxSession, type SessionStorageLike, sandboxSessionKey } from "./sandboxSession";
export { useAuthAccount } from "./useAuthAccount";
