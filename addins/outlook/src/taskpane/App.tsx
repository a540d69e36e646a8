import {
  makeStaticStyles,
  makeStyles,
  Spinner,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import {
  LanguageSwitcher,
  RelaisThemeProvider,
  useAsyncResource,
  useTranslation,
} from "@relais/web-shared";
import { useEffect, useState } from "react";
import type { HostColorScheme, PaneHost } from "../office/pane-host";
import { PaneErrorMessage } from "./PaneErrorMessage";
import { SignaturePane } from "./SignaturePane";
import type { PaneSession } from "./session";

const useGlobalStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `3px solid ${tokens.colorBrandBackground}`,
  },
  brand: { ...typographyStyles.subtitle2, color: tokens.colorBrandForeground1 },
  main: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
  },
});

/** The host's theme now, and whenever the agent switches Outlook's theme. */
function useHostColorScheme(host: PaneHost): HostColorScheme {
  const [scheme, setScheme] = useState(() => host.getTheme());
  useEffect(() => host.onThemeChanged(setScheme), [host]);
  return scheme;
}

export interface AppProps {
  host: PaneHost;
  /** Reads the client configuration and wires sign-in; memoise it. */
  loadSession: (signal: AbortSignal) => Promise<PaneSession>;
}

/** The compose task pane: the agent's signature, why it applies, and re-insertion. */
export function App(props: AppProps) {
  const { t, i18n } = useTranslation("addin");
  const styles = useStyles();
  const scheme = useHostColorScheme(props.host);
  const [session, reloadSession] = useAsyncResource(props.loadSession);
  useGlobalStyles();

  return (
    <RelaisThemeProvider colorScheme={scheme} lang={i18n.language}>
      <div data-testid="taskpane" data-color-scheme={scheme}>
        <header className={styles.header}>
          <span className={styles.brand}>{t("app.name")}</span>
          <LanguageSwitcher />
        </header>
        <main className={styles.main}>
          {session.status === "loading" ? (
            <Spinner size="small" label={t("app.loading")} />
          ) : session.status === "error" ? (
            <PaneErrorMessage error={session.error} onRetry={reloadSession} />
          ) : (
            <SignaturePane session={session.data} host={props.host} />
          )}
        </main>
      </div>
    </RelaisThemeProvider>
  );
}
