import {
  ApiErrorMessage,
  clientErrorCodes,
  isApiError,
  type TFunction,
  useTranslation,
} from "@relais/web-shared";

/** A French (or English) sentence for the agent; the API's own message is for support logs. */
export function describePaneError(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t("errors.unknown");
  if (error.code === clientErrorCodes.network) return t("errors.network");
  switch (error.status) {
    case 401:
      return t("errors.unauthorized");
    case 403:
      return t("errors.forbidden");
    case 404:
      return t("errors.notFound");
    case 400:
    case 422:
      return t("errors.invalid");
    case 429:
    case 503:
      return t("errors.unavailable");
    default:
      return error.status >= 500 ? t("errors.server") : t("errors.unknown");
  }
}

export interface PaneErrorMessageProps {
  error: unknown;
  onRetry?: () => void;
}

/** An API failure in the pane's words, with the request id support needs. */
export function PaneErrorMessage(props: PaneErrorMessageProps) {
  const { t } = useTranslation("addin");
  return (
    <ApiErrorMessage
      error={props.error}
      data-testid="pane-error"
      title={t("errors.title")}
      describe={(error) => describePaneError(error, t)}
      {...(props.onRetry ? { onRetry: props.onRetry } : {})}
    />
  );
}
