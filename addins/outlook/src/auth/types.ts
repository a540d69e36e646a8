export interface AddinAuthConfig {
  clientId: string;
  apiScope: string;
  authority: string;
}

export interface AddinAuth {
  /** A token for the Relais API, or null when none can be had silently (interactive=false) or the user cancelled. */
  getToken(options?: { interactive?: boolean }): Promise<string | null>;
}

/**
 * What one way of getting a token came to. `unavailable` means this way cannot work in this host
 * (no NAA bridge, API missing…), so the next way is tried; `needs-user` and `cancelled` are
 * answers about the user and end the search.
 */
export type TokenOutcome =
  | { kind: "token"; token: string }
  | { kind: "needs-user"; reason: unknown }
  | { kind: "cancelled" }
  | { kind: "unavailable"; reason: unknown };

export interface TokenSource {
  name: string;
  getToken(interactive: boolean): Promise<TokenOutcome>;
}
