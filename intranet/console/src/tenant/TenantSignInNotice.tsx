import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { useTranslation } from "@relais/web-shared";

const useStyles = makeStyles({
  root: { width: "100%", maxWidth: "720px", marginInline: "auto" },
  help: { ...typographyStyles.body1, margin: `${tokens.spacingVerticalS} 0 0` },
  tenant: {
    ...typographyStyles.caption1,
    margin: `${tokens.spacingVerticalXS} 0 0`,
    fontFamily: tokens.fontFamilyMonospace,
  },
});

/** Tenant mode without the sandbox: sign-in is IT's to configure; no pretend login here. */
export function TenantSignInNotice(props: { tenantId: string }) {
  const { t } = useTranslation("console");
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <MessageBar intent="warning" layout="multiline" data-testid="tenant-sign-in-notice">
        <MessageBarBody>
          <MessageBarTitle>{t("tenant.title")}</MessageBarTitle>
          {t("tenant.body")}
          <p className={styles.help}>{t("tenant.help")}</p>
          {props.tenantId ? (
            <p className={styles.tenant}>{t("tenant.tenantId", { tenantId: props.tenantId })}</p>
          ) : null}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
