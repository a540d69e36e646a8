import { Avatar, Button, makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { LanguageSwitcher, useTranslation } from "@relais/web-shared";
import { RelaisMark } from "./RelaisMark";

const useStyles = makeStyles({
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `3px solid ${tokens.colorBrandBackground}`,
    boxShadow: tokens.shadow4,
  },
  brand: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    color: tokens.colorBrandForeground1,
  },
  brandText: { display: "flex", flexDirection: "column", lineHeight: 1.1 },
  name: { ...typographyStyles.subtitle1, color: tokens.colorNeutralForeground1 },
  product: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
  tools: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
  account: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    ...typographyStyles.body1Strong,
  },
});

export interface AppHeaderProps {
  /** The signed-in agent's name, when someone is signed in. */
  accountName?: string;
  onSignOut?: () => void;
}

export function AppHeader(props: AppHeaderProps) {
  const { t } = useTranslation("console");
  const styles = useStyles();

  return (
    <header className={styles.header} data-testid="app-header">
      <div className={styles.brand}>
        <RelaisMark />
        <div className={styles.brandText}>
          <span className={styles.name}>{t("app.name")}</span>
          <span className={styles.product}>
            {t("app.product")} · {t("app.commune")}
          </span>
        </div>
      </div>
      <div className={styles.tools}>
        {props.accountName ? (
          <section className={styles.account} aria-label={t("header.account")}>
            <Avatar name={props.accountName} color="colorful" size={28} aria-hidden />
            <span data-testid="header-account-name">{props.accountName}</span>
          </section>
        ) : null}
        {props.onSignOut ? (
          <Button
            appearance="secondary"
            size="small"
            onClick={props.onSignOut}
            data-testid="sign-out"
          >
            {t("header.signOut")}
          </Button>
        ) : null}
        <LanguageSwitcher />
      </div>
    </header>
  );
}
