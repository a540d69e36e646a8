import {
  Button,
  Divider,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { SandboxSignIn, useTranslation } from "@relais/web-shared";
import { useState } from "react";
import type { SandboxSignInOption } from "./session";
import { useFocusOnMount } from "./useFocusOnMount";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  title: { ...typographyStyles.subtitle1, margin: 0 },
  subtitle: { ...typographyStyles.subtitle2, margin: 0 },
  wide: { width: "100%" },
  back: { alignSelf: "flex-start" },
});

export interface SignInPanelProps {
  /** Interactive sign-in (a popup or the host's own prompt); resolves true once signed in. */
  onSignIn: () => Promise<boolean>;
  /** Present in embedded mode: sign in as an agent of the sandbox tenant instead. */
  sandbox: SandboxSignInOption | null;
  onSandboxSignedIn: () => void;
  /** Why the agent is here: silent sign-in failed, or Relais refused the last token. */
  reason: "silent-failed" | "expired";
  /** Move focus to the heading (the agent was elsewhere when the session ended). */
  focusHeading?: boolean;
}

/** "Se connecter": shown when no token could be obtained silently. */
export function SignInPanel(props: SignInPanelProps) {
  const { t } = useTranslation("addin");
  const styles = useStyles();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  const [pickingAgent, setPickingAgent] = useState(false);
  const { sandbox, onSandboxSignedIn } = props;
  const heading = useFocusOnMount<HTMLHeadingElement>(props.focusHeading ?? false);

  async function signIn() {
    setPending(true);
    setFailed(false);
    try {
      if (!(await props.onSignIn())) setFailed(true);
    } catch {
      setFailed(true);
    } finally {
      setPending(false);
    }
  }

  if (sandbox && pickingAgent) {
    return (
      <div className={styles.root}>
        <Button className={styles.back} size="small" onClick={() => setPickingAgent(false)}>
          {t("signIn.back")}
        </Button>
        <SandboxSignIn
          loadAgents={sandbox.loadAgents}
          onSignIn={async (agent) => {
            await sandbox.signIn(agent);
            onSandboxSignedIn();
          }}
        />
      </div>
    );
  }

  return (
    <section className={styles.root} aria-labelledby="sign-in-title" data-testid="sign-in-panel">
      <h1 id="sign-in-title" className={styles.title} ref={heading} tabIndex={-1}>
        {t("signIn.title")}
      </h1>
      <Text>{props.reason === "expired" ? t("signIn.expired") : t("signIn.body")}</Text>
      <Button
        appearance="primary"
        className={styles.wide}
        disabled={pending}
        onClick={() => void signIn()}
      >
        {pending ? t("signIn.pending") : t("signIn.button")}
      </Button>
      <div aria-live="polite">
        {failed ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{t("signIn.failed")}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      {sandbox ? (
        <>
          <Divider />
          <h2 className={styles.subtitle}>{t("signIn.sandboxTitle")}</h2>
          <Text>{t("signIn.sandboxBody")}</Text>
          <Button className={styles.wide} onClick={() => setPickingAgent(true)}>
            {t("signIn.sandboxButton")}
          </Button>
        </>
      ) : null}
    </section>
  );
}
