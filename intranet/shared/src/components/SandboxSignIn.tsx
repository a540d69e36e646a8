import {
  Badge,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Spinner,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { SandboxAgent } from "../api/sandbox";
import { useAsyncResource } from "../hooks/useAsyncResource";
import { ApiErrorMessage } from "./ApiErrorMessage";
import { AgentPicker } from "./sandbox/AgentPicker";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    width: "100%",
    maxWidth: "1120px",
    marginInline: "auto",
  },
  heading: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
  },
  title: { ...typographyStyles.title2, margin: 0 },
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
  },
});

export interface SandboxSignInProps {
  /** Loads `GET /sandbox/agents`; memoise it, it is reloaded whenever it changes. */
  loadAgents: (signal: AbortSignal) => Promise<SandboxAgent[]>;
  /** Signs in as the agent; a rejection is shown on the page. */
  onSignIn: (agent: SandboxAgent) => Promise<void>;
}

/** "Se connecter en tant que…": pick a seeded agent of the built-in sandbox tenant. */
export function SandboxSignIn(props: SandboxSignInProps) {
  const { t } = useTranslation("shared");
  const styles = useStyles();
  const [agents, reloadAgents] = useAsyncResource(props.loadAgents);
  const [pendingAgentId, setPendingAgentId] = useState<string | null>(null);
  const [signInError, setSignInError] = useState<unknown>(null);

  async function signIn(agent: SandboxAgent) {
    setPendingAgentId(agent.id);
    setSignInError(null);
    try {
      await props.onSignIn(agent);
    } catch (error) {
      setSignInError(error);
    } finally {
      setPendingAgentId(null);
    }
  }

  return (
    <section
      className={styles.root}
      aria-labelledby="sandbox-sign-in-title"
      data-testid="sandbox-sign-in"
    >
      <div className={styles.heading}>
        <h1 id="sandbox-sign-in-title" className={styles.title}>
          {t("sandboxSignIn.title")}
        </h1>
        <Badge appearance="tint" color="brand" shape="rounded">
          {t("sandboxSignIn.badge")}
        </Badge>
      </div>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t("sandboxSignIn.introTitle")}</MessageBarTitle>
          {t("sandboxSignIn.intro")}
        </MessageBarBody>
      </MessageBar>
      <p className={styles.visuallyHidden} aria-live="polite">
        {pendingAgentId ? t("sandboxSignIn.signingIn") : ""}
      </p>
      {signInError ? <ApiErrorMessage error={signInError} /> : null}
      {agents.status === "loading" ? <Spinner label={t("sandboxSignIn.loading")} /> : null}
      {agents.status === "error" ? (
        <ApiErrorMessage error={agents.error} onRetry={reloadAgents} />
      ) : null}
      {agents.status === "success" ? (
        <AgentPicker
          agents={agents.data}
          pendingAgentId={pendingAgentId}
          onSelect={(agent) => void signIn(agent)}
        />
      ) : null}
    </section>
  );
}
