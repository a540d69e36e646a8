import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { clientErrorCodes, isApiError } from "../api/apiError";

const useStyles = makeStyles({
  requestId: {
    display: "block",
    marginTop: tokens.spacingVerticalXS,
    color: tokens.colorNeutralForeground3,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
});

function describeError(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t("errors.unknown");
  if (error.code === clientErrorCodes.network) return t("errors.network");
  if (error.status === 401) return t("errors.unauthorized");
  return error.message;
}

export interface ApiErrorMessageProps {
  error: unknown;
  onRetry?: () => void;
  className?: string;
  /** The title and sentence shown, when the caller words failures its own way. */
  title?: string;
  describe?: (error: unknown) => string;
  "data-testid"?: string;
}

/** An API failure in a Fluent MessageBar, with the request id support needs. */
export function ApiErrorMessage(props: ApiErrorMessageProps) {
  const { t } = useTranslation("shared");
  const styles = useStyles();
  const apiError = isApiError(props.error) ? props.error : null;

  return (
    <MessageBar
      intent="error"
      layout="multiline"
      className={props.className}
      data-testid={props["data-testid"] ?? "api-error"}
      data-error-code={apiError?.code}
    >
      <MessageBarBody>
        <MessageBarTitle>{props.title ?? t("errors.title")}</MessageBarTitle>
        {props.describe ? props.describe(props.error) : describeError(props.error, t)}
        {apiError?.requestId ? (
          <span className={styles.requestId} data-testid="api-error-request-id">
            {t("errors.requestId", { requestId: apiError.requestId })}
          </span>
        ) : null}
      </MessageBarBody>
      {props.onRetry ? (
        <MessageBarActions>
          <Button onClick={props.onRetry}>{t("errors.retry")}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
