import { Spinner } from "@fluentui/react-components";
import {
  ApiErrorMessage,
  type ClientConfig,
  RelaisThemeProvider,
  useAsyncResource,
  useTranslation,
} from "@relais/web-shared";
import { useEffect, useState } from "react";
import { AppShell } from "./layout/AppShell";
import { useGlobalStyles } from "./layout/useGlobalStyles";
import { SandboxConsole } from "./sandbox/SandboxConsole";
import type { SandboxConsoleSession } from "./session/sandboxSession";
import { TenantSignInNotice } from "./tenant/TenantSignInNotice";

export interface AppProps {
  /** Loads `GET /api/client-config`; memoise it. */
  loadClientConfig: (signal: AbortSignal) => Promise<ClientConfig>;
  createSandboxSession: () => SandboxConsoleSession;
  /** Receives the translated page title (e.g. `(title) => { document.title = title }`). */
  onTitleChange?: (title: string) => void;
}

/** The console: reads the client config, then lets the configured tenant sign people in. */
export function App(props: AppProps) {
  const { t, i18n } = useTranslation("console");
  const [config, reloadConfig] = useAsyncResource(props.loadClientConfig);
  const { onTitleChange } = props;
  useGlobalStyles();

  useEffect(() => {
    onTitleChange?.(t("app.documentTitle"));
  }, [onTitleChange, t]);

  return (
    <RelaisThemeProvider lang={i18n.language}>
      {config.status === "loading" ? (
        <AppShell>
          <Spinner label={t("app.loading")} />
        </AppShell>
      ) : config.status === "error" ? (
        <AppShell>
          <ApiErrorMessage error={config.error} onRetry={reloadConfig} />
        </AppShell>
      ) : config.data.sandbox ? (
        <SandboxConsoleRoot createSession={props.createSandboxSession} />
      ) : (
        <AppShell>
          <TenantSignInNotice tenantId={config.data.tenantId} />
        </AppShell>
      )}
    </RelaisThemeProvider>
  );
}

function SandboxConsoleRoot(props: { createSession: () => SandboxConsoleSession }) {
  const [session] = useState(props.createSession);
  return <SandboxConsole session={session} />;
}
