import {
  Avatar,
  Caption1,
  Card,
  makeStyles,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import { type Me, RoleBadges, useTranslation } from "@relais/web-shared";

const useStyles = makeStyles({
  card: {
    width: "100%",
    maxWidth: "640px",
    marginInline: "auto",
    padding: tokens.spacingHorizontalXXL,
    gap: tokens.spacingVerticalL,
  },
  title: { ...typographyStyles.title2, margin: 0 },
  welcome: { ...typographyStyles.body1, margin: 0, color: tokens.colorNeutralForeground2 },
  identity: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalL },
  identityText: { display: "flex", flexDirection: "column", minWidth: 0 },
  name: { ...typographyStyles.subtitle1 },
  upn: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3 },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalM,
    margin: 0,
    padding: `${tokens.spacingVerticalL} 0 0`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  term: { ...typographyStyles.body1Strong, color: tokens.colorNeutralForeground2 },
  value: { ...typographyStyles.body1, margin: 0 },
  missing: { color: tokens.colorNeutralForeground4, fontStyle: "italic" },
});

export interface SignedInCardProps {
  me: Me;
  /** Shows a reminder that the sandbox tenant's data is fictitious. */
  sandbox?: boolean;
}

/** "Vous êtes connecté·e": who the API says the signed-in agent is. */
export function SignedInCard(props: SignedInCardProps) {
  const { t } = useTranslation("console");
  const styles = useStyles();
  const { me } = props;
  const missing = <span className={styles.missing}>{t("home.notProvided")}</span>;

  return (
    <Card className={styles.card} data-testid="signed-in-card">
      <div>
        <h1 className={styles.title}>{t("home.title")}</h1>
        <p className={styles.welcome}>{t("home.welcome")}</p>
      </div>
      <div className={styles.identity}>
        <Avatar name={me.displayName} color="colorful" size={56} aria-hidden />
        <div className={styles.identityText}>
          <span className={styles.name} data-testid="me-display-name">
            {me.displayName}
          </span>
          <span className={styles.upn}>{me.userPrincipalName}</span>
        </div>
      </div>
      <dl className={styles.facts}>
        <dt className={styles.term}>{t("home.department")}</dt>
        <dd className={styles.value} data-testid="me-department">
          {me.department ?? missing}
        </dd>
        <dt className={styles.term}>{t("home.jobTitle")}</dt>
        <dd className={styles.value} data-testid="me-job-title">
          {me.jobTitle ?? missing}
        </dd>
        <dt className={styles.term}>{t("home.roles")}</dt>
        <dd className={styles.value}>
          <RoleBadges roles={me.roles} variant="long" showNone data-testid="me-roles" />
        </dd>
      </dl>
      {props.sandbox ? <Caption1>{t("home.sandboxNotice")}</Caption1> : null}
    </Card>
  );
}
