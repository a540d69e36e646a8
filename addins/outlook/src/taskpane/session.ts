import type { SandboxAgent } from "@relais/web-shared";
import type { SignatureLoader } from "./loadSignature";

/** How the pane gets a token; which library or host provides it is wiring (main.tsx). */
export interface PaneAuth {
  /** Silent unless `interactive`; null when the agent has to sign in. */
  getToken(options?: { interactive?: boolean }): Promise<string | null>;
}

/** The sandbox tenant's sign-in, offered in embedded mode so the demo works without Outlook. */
export interface SandboxSignInOption {
  loadAgents: (signal: AbortSignal) => Promise<SandboxAgent[]>;
  signIn: (agent: SandboxAgent) => Promise<void>;
}

/** Everything the pane needs once the client configuration is known. */
export interface PaneSession {
  auth: PaneAuth;
  sandbox: SandboxSignInOption | null;
  loadSignature: SignatureLoader;
}
