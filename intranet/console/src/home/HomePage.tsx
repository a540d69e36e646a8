import { Spinner } from "@fluentui/react-components";
import { ApiErrorMessage, type Me, useAsyncResource, useTranslation } from "@relais/web-shared";
import { SignedInCard } from "./SignedInCard";

export interface HomePageProps {
  /** Loads `GET /api/me`; memoise it. */
  loadMe: (signal: AbortSignal) => Promise<Me>;
  sandbox?: boolean;
}

export function HomePage(props: HomePageProps) {
  const { t } = useTranslation("console");
  const [me, reload] = useAsyncResource(props.loadMe);

  if (me.status === "loading") return <Spinner label={t("home.loading")} />;
  if (me.status === "error") return <ApiErrorMessage error={me.error} onRetry={reload} />;
  return <SignedInCard me={me.data} sandbox={props.sandbox} />;
}
