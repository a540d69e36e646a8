import {
  makeStyles,
  Spinner,
  Tab,
  TabList,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useAsyncResource, useTranslation } from "@relais/web-shared";
import { useCallback, useEffect, useState } from "react";
import type { PaneHost } from "../office/pane-host";
import { SignatureView } from "./SignatureView";
import { SignInPanel } from "./SignInPanel";
import type { PaneSession } from "./session";
import { isSignatureVariant, type SignatureVariant, signatureVariants } from "./signatureApi";
import { useFocusOnMount } from "./useFocusOnMount";
import { variantFor } from "./variants";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  title: { ...typographyStyles.subtitle1, margin: 0 },
  tabs: { flexWrap: "wrap" },
});

type AuthState =
  | { status: "checking" }
  /** `interactive`: the agent just signed in, so the new view takes focus. */
  | { status: "signed-in"; interactive: boolean }
  | { status: "sign-in"; reason: "silent-failed" | "expired" };

/** What the item being composed asks for; a failing host call only loses the hint. */
async function readItemContext(host: PaneHost) {
  const [composeType, mailbox] = await Promise.all([
    host.getComposeType().catch(() => null),
    host.getFromAddress().catch(() => null),
  ]);
  return { variant: variantFor(host.getItemKind(), composeType), mailbox };
}

export interface SignaturePaneProps {
  session: PaneSession;
  host: PaneHost;
}

/** Signs the agent in (silently when it can), then shows each variant of their signature. */
export function SignaturePane(props: SignaturePaneProps) {
  const { t } = useTranslation("addin");
  const { session, host } = props;
  const [auth, setAuth] = useState<AuthState>({ status: "checking" });

  useEffect(() => {
    let current = true;
    session.auth.getToken().then(
      (token) => {
        if (current) {
          setAuth(
            token ? { status: "signed-in", interactive: false } : signInNeeded("silent-failed"),
          );
        }
      },
      () => {
        if (current) setAuth(signInNeeded("silent-failed"));
      },
    );
    return () => {
      current = false;
    };
  }, [session]);

  const signInInteractively = useCallback(async () => {
    const token = await session.auth.getToken({ interactive: true });
    if (token) setAuth({ status: "signed-in", interactive: true });
    return token !== null;
  }, [session]);
  const signedIn = useCallback(() => setAuth({ status: "signed-in", interactive: true }), []);
  const expired = useCallback(() => setAuth(signInNeeded("expired")), []);

  if (auth.status === "checking") return <Spinner size="small" label={t("app.loading")} />;
  if (auth.status === "sign-in") {
    return (
      <SignInPanel
        reason={auth.reason}
        focusHeading={auth.reason === "expired"}
        onSignIn={signInInteractively}
        sandbox={session.sandbox}
        onSandboxSignedIn={signedIn}
      />
    );
  }
  return (
    <SignatureVariants
      session={session}
      host={host}
      onUnauthorized={expired}
      focusHeading={auth.interactive}
    />
  );
}

function signInNeeded(reason: "silent-failed" | "expired"): AuthState {
  return { status: "sign-in", reason };
}

function SignatureVariants(
  props: SignaturePaneProps & { onUnauthorized: () => void; focusHeading: boolean },
) {
  const { t } = useTranslation("addin");
  const styles = useStyles();
  const heading = useFocusOnMount<HTMLHeadingElement>(props.focusHeading);
  const { host } = props;
  const loadItem = useCallback(() => readItemContext(host), [host]);
  const [item] = useAsyncResource(loadItem);

  const label = (value: SignatureVariant) => t(`variants.${value}`);

  return (
    <section className={styles.root} aria-labelledby="signature-title">
      <h1 id="signature-title" className={styles.title} ref={heading} tabIndex={-1}>
        {t("app.title")}
      </h1>
      {item.status === "loading" ? (
        <Spinner size="small" label={t("app.loading")} />
      ) : (
        <VariantTabs
          context={item.status === "success" ? item.data : { variant: "new", mailbox: null }}
          label={label}
          {...props}
        />
      )}
    </section>
  );
}

function VariantTabs(
  props: SignaturePaneProps & {
    context: { variant: SignatureVariant; mailbox: string | null };
    label: (variant: SignatureVariant) => string;
    onUnauthorized: () => void;
  },
) {
  const { t } = useTranslation("addin");
  const styles = useStyles();
  const { context, label } = props;
  const [chosen, setChosen] = useState<SignatureVariant | null>(null);
  const variant = chosen ?? context.variant;

  return (
    <>
      <TabList
        className={styles.tabs}
        size="small"
        selectedValue={variant}
        aria-label={t("variants.label")}
        onTabSelect={(_event, data) => {
          if (isSignatureVariant(data.value)) setChosen(data.value);
        }}
      >
        {signatureVariants.map((value) => (
          <Tab key={value} value={value} id={`variant-tab-${value}`}>
            {label(value)}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-labelledby={`variant-tab-${variant}`}>
        <SignatureView
          key={variant}
          query={{ variant, mailbox: context.mailbox }}
          variantLabel={label(variant)}
          loadSignature={props.session.loadSignature}
          host={props.host}
          onUnauthorized={props.onUnauthorized}
        />
      </div>
    </>
  );
}
