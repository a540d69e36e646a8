import {
  browserStorage,
  createApiClient,
  createI18n,
  fetchClientConfig,
  I18nProvider,
  memoryStorage,
} from "@relais/web-shared";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { consoleTranslations } from "./i18n";
import { createSandboxConsoleSession } from "./session/sandboxSession";

// The API is served from the same origin as the console.
const baseUrl = window.location.origin;
const publicApi = createApiClient({ baseUrl });
const i18n = createI18n({
  app: consoleTranslations,
  preferences: browserStorage("localStorage"),
  document,
});

const loadClientConfig = (signal: AbortSignal) => fetchClientConfig(publicApi, signal);
const createSandboxSession = () =>
  createSandboxConsoleSession({
    baseUrl,
    storage: browserStorage("sessionStorage") ?? memoryStorage(),
  });
const setDocumentTitle = (title: string) => {
  document.title = title;
};

const root = document.getElementById("root");
if (!root) throw new Error("The console page has no #root element.");

createRoot(root).render(
  <StrictMode>
    <I18nProvider i18n={i18n}>
      <App
        loadClientConfig={loadClientConfig}
        createSandboxSession={createSandboxSession}
        onTitleChange={setDocumentTitle}
      />
    </I18nProvider>
  </StrictMode>,
);
