import {
  createApiClient,
  createSandboxAuth,
  fetchMe,
  listSandboxAgents,
  type Me,
  requestSandboxToken,
  type SandboxAgent,
  type SandboxAuthAdapter,
  type SessionStorageLike,
} from "@relais/web-shared";

/** What the console needs once it knows the sandbox tenant signs people in. */
export interface SandboxConsoleSession {
  auth: SandboxAuthAdapter;
  loadAgents: (signal: AbortSignal) => Promise<SandboxAgent[]>;
  loadMe: (signal: AbortSignal) => Promise<Me>;
}

export function createSandboxConsoleSession(options: {
  baseUrl: string;
  storage: SessionStorageLike;
}): SandboxConsoleSession {
  const publicApi = createApiClient({ baseUrl: options.baseUrl });
  const auth = createSandboxAuth({
    requestToken: (userPrincipalName) => requestSandboxToken(publicApi, userPrincipalName),
    storage: options.storage,
  });
  // A 401 means the token died or was revoked: back to the sign-in page.
  const api = createApiClient({
    baseUrl: options.baseUrl,
    getToken: () => auth.getAccessToken(),
    onUnauthorized: () => void auth.signOut(),
  });
  return {
    auth,
    loadAgents: (signal) => listSandboxAgents(publicApi, signal),
    loadMe: (signal) => fetchMe(api, signal),
  };
}
