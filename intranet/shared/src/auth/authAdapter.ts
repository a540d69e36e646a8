/** Who is signed in, as far as the front end knows without calling the API. */
export interface AuthAccount {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/** Sandbox today; MSAL (incl. nested app auth), Teams SSO and Office SSO later. */
export type AuthKind = "sandbox" | "msal" | "teams-sso" | "office-sso";

/**
 * The one way front ends get tokens. Components receive an adapter (or functions taken
 * from it) as props, so they never know which host or library signs the user in.
 */
export interface AuthAdapter {
  readonly kind: AuthKind;
  /** A valid bearer token for the Relais API, or null when the user must sign in. */
  getAccessToken(): Promise<string | null>;
  /** The current account; stable reference while it does not change (usable as a React snapshot). */
  getAccount(): AuthAccount | null;
  /** True when no token can be obtained silently and an interactive sign-in is needed. */
  isInteractiveSignInRequired(): Promise<boolean>;
  signOut(): Promise<void>;
  /** Notifies after sign-in and sign-out; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}
