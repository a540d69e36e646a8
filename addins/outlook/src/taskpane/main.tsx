import {
  type ApiClient,
  browserStorage,
  type ClientConfig,
  createApiClient,
  createI18n,
  createSandboxAuth,
  fetchClientConfig,
  I18nProvider,
  listSandboxAgents,
  memoryStorage,
  requestSandboxToken,
} from "@relais/web-shared";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createAddinAuth } from "../auth";
import { addinTranslations } from "../i18n";
import { connectPaneHost } from "../office/pane-host";
import { App } from "./App";
import { createSignatureLoader } from "./loadSignature";
import type { PaneAuth, PaneSession, SandboxSignInOption } from "./session";
import { fetchMySignature } from "./signatureApi";
import { createSignatureCache } from "./signatureCache";
import { preferenceWithHostDefault } from "./storage";

// The pane is served by the API it calls (`/addin/taskpane.html`).
const baseUrl = window.location.origin;
const publicApi = createApiClient({ baseUrl });

/**
 * The one place that chooses how the pane signs agents in: Outlook's nested app authentication,
 * and in embedded mode also the sandbox tenant (an agent picked there wins over the host's).
 */
function createSession(config: ClientConfig): PaneSession {
  const hostAuth = createAddinAuth({
    clientId: config.clientId,
    apiScope: config.apiScope,
    authority: config.authority,
  });
  let auth: PaneAuth = hostAuth;
  let sandbox: SandboxSignInOption | null = null;
  let forgetRefusedToken = () => {};
  if (config.sandbox) {
    const sandboxAuth = createSandboxAuth({
      requestToken: (userPrincipalName) => requestSandboxToken(publicApi, userPrincipalName),
      storage: browserStorage("sessionStorage") ?? memoryStorage(),
    });
    auth = {
      getToken: async (options) =>
        (await sandboxAuth.getAccessToken()) ?? hostAuth.getToken(options),
    };
    sandbox = {
      loadAgents: (signal) => listSandboxAgents(publicApi, signal),
      signIn: async (agent) => {
        await sandboxAuth.signIn(agent);
      },
    };
    // A sandbox token the API refuses (e.g. a reset tenant) would otherwise be offered again.
    forgetRefusedToken = () => void sandboxAuth.signOut();
  }
  // A token that cannot be had is a 401 from the API, which sends the agent to "Se connecter".
  const api: ApiClient = createApiClient({
    baseUrl,
    getToken: () => auth.getToken().catch(() => null),
    onUnauthorized: () => forgetRefusedToken(),
  });
  const loadSignature = createSignatureLoader({
    fetchSignature: (query, signal) => fetchMySignature(api, query, signal),
    cache: createSignatureCache(browserStorage("localStorage")),
  });
  return { auth, sandbox, loadSignature };
}

const loadSession = (signal: AbortSignal) =>
  fetchClientConfig(publicApi, signal).then(createSession);

async function startPane(): Promise<void> {
  const root = document.getElementById("root");
  if (!root) throw new Error("The task pane page has no #root element.");
  const host = await connectPaneHost();
  const i18n = createI18n({
    app: addinTranslations,
    preferences: preferenceWithHostDefault(browserStorage("localStorage"), host.displayLanguage()),
    document,
  });
  const syncTitle = () => {
    document.title = i18n.t("app.documentTitle", { ns: addinTranslations.namespace });
  };
  syncTitle();
  i18n.on("languageChanged", syncTitle);

  createRoot(root).render(
    <StrictMode>
      <I18nProvider i18n={i18n}>
        <App host={host} loadSession={loadSession} />
      </I18nProvider>
    </StrictMode>,
  );
}

void startPane();
