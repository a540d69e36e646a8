import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { formatNoumeaDate, isApiError, useAsyncResource, useTranslation } from "@relais/web-shared";
import { useCallback, useEffect, useState } from "react";
import type { PaneHost } from "../office/pane-host";
import type { LoadedSignature, SignatureLoader } from "./loadSignature";
import { PaneErrorMessage } from "./PaneErrorMessage";
import { SignatureExplanation } from "./SignatureExplanation";
import { SignaturePreview } from "./SignaturePreview";
import type { SignatureQuery } from "./signatureApi";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  status: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  refreshed: { color: tokens.colorNeutralForeground3 },
  statusText: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
  },
  insert: { width: "100%" },
  hint: { color: tokens.colorNeutralForeground3 },
});

type InsertState =
  | { status: "idle" }
  | { status: "inserting" }
  | { status: "inserted" }
  | { status: "failed"; message: string };

export interface SignatureViewProps {
  query: SignatureQuery;
  /** The variant's name, as on its tab. */
  variantLabel: string;
  loadSignature: SignatureLoader;
  host: Pick<PaneHost, "insertMode" | "insertSignature">;
  /** Relais refused the token: the agent must sign in again. */
  onUnauthorized: () => void;
}

/** One variant: when it was refreshed, its preview, the insert button and why it applies. */
export function SignatureView(props: SignatureViewProps) {
  const { t } = useTranslation("addin");
  const { loadSignature, onUnauthorized } = props;
  const { variant, mailbox } = props.query;
  const load = useCallback(
    (signal: AbortSignal) => loadSignature({ variant, mailbox }, signal),
    [loadSignature, variant, mailbox],
  );
  const [resource, reload] = useAsyncResource(load);

  const unauthorized =
    resource.status === "error" && isApiError(resource.error) && resource.error.status === 401;
  useEffect(() => {
    if (unauthorized) onUnauthorized();
  }, [unauthorized, onUnauthorized]);

  if (resource.status === "loading") {
    return <Spinner size="small" label={t("signature.loading")} />;
  }
  if (resource.status === "error") {
    return <PaneErrorMessage error={resource.error} onRetry={reload} />;
  }
  return (
    <LoadedSignatureView
      loaded={resource.data}
      mailbox={mailbox}
      variantLabel={props.variantLabel}
      host={props.host}
      onRefresh={reload}
    />
  );
}

function LoadedSignatureView(props: {
  loaded: LoadedSignature;
  mailbox: string | null;
  variantLabel: string;
  host: SignatureViewProps["host"];
  onRefresh: () => void;
}) {
  const { t, i18n } = useTranslation("addin");
  const styles = useStyles();
  const { signature, refreshedAt, fromCache } = props.loaded;
  const [insert, setInsert] = useState<InsertState>({ status: "idle" });
  const insertMode = props.host.insertMode();
  const refreshedLabel = formatNoumeaDate(refreshedAt, i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });

  async function insertIntoItem() {
    setInsert({ status: "inserting" });
    try {
      await props.host.insertSignature({ html: signature.html, text: signature.text });
      setInsert({ status: "inserted" });
    } catch (error) {
      setInsert({ status: "failed", message: error instanceof Error ? error.message : "" });
    }
  }

  return (
    <div className={styles.root} data-testid="signature-view" data-from-cache={fromCache}>
      <div className={styles.status}>
        <span className={styles.statusText}>
          <Text size={200} className={styles.refreshed} data-testid="signature-refreshed-at">
            {t("signature.refreshedAt", { date: refreshedLabel })}
          </Text>
          {fromCache ? (
            <Badge appearance="tint" color="warning" data-testid="signature-from-cache">
              {t("signature.fromCache")}
            </Badge>
          ) : null}
        </span>
        <Button size="small" appearance="subtle" onClick={props.onRefresh}>
          {t("signature.refresh")}
        </Button>
      </div>

      {fromCache ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {t("signature.fromCacheDetail", { date: refreshedLabel })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {props.mailbox && (signature.mailbox === "mailbox" || signature.mailbox === "unknown") ? (
        <Text size={200} className={styles.hint} data-testid="signature-mailbox">
          {signature.mailbox === "mailbox"
            ? t("signature.sharedMailbox", { address: props.mailbox })
            : t("signature.unknownMailbox", { address: props.mailbox })}
        </Text>
      ) : null}

      <SignaturePreview
        html={signature.html}
        title={t("signature.previewTitle", { variant: props.variantLabel })}
      />

      {insertMode ? (
        <Button
          appearance="primary"
          className={styles.insert}
          disabled={insert.status === "inserting"}
          onClick={() => void insertIntoItem()}
        >
          {insert.status === "inserting"
            ? t("signature.inserting")
            : insertMode === "cursor"
              ? t("signature.insertAtCursor")
              : t("signature.insert")}
        </Button>
      ) : (
        <Text size={200} className={styles.hint}>
          {t("signature.noItem")}
        </Text>
      )}
      <div aria-live="polite" data-testid="insert-status">
        {insert.status === "inserted" ? (
          <MessageBar intent="success">
            <MessageBarBody>
              {t("signature.inserted", { variant: props.variantLabel })}
            </MessageBarBody>
          </MessageBar>
        ) : insert.status === "failed" ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              {t("signature.insertFailed")} {insert.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>

      <SignatureExplanation signature={signature} />
    </div>
  );
}
