import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { formatNoumeaDate, useTranslation } from "@relais/web-shared";
import type { MySignature } from "./signatureApi";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  list: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { ...typographyStyles.caption1Strong, color: tokens.colorNeutralForeground3 },
  value: { ...typographyStyles.body1, margin: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  banner: {
    display: "block",
    maxWidth: "100%",
    height: "auto",
    marginTop: tokens.spacingVerticalXS,
    borderRadius: tokens.borderRadiusSmall,
  },
});

/** Why the agent gets this signature: rule and reason, template version, banner. */
export function SignatureExplanation(props: { signature: MySignature }) {
  const { t, i18n } = useTranslation("addin");
  const styles = useStyles();
  const { signature } = props;
  const reason = i18n.language === "en" ? signature.reason.en : signature.reason.fr;

  return (
    <section className={styles.root} aria-labelledby="signature-why-title">
      <h2 id="signature-why-title" className={styles.title}>
        {t("why.title")}
      </h2>
      <dl className={styles.list}>
        <dt className={styles.term}>{t("why.rule")}</dt>
        <dd className={styles.value} data-testid="signature-rule">
          {signature.rule ? (
            signature.rule.name
          ) : (
            <span className={styles.muted}>{t("why.noRule")}</span>
          )}
        </dd>
        <dt className={styles.term}>{t("why.reason")}</dt>
        <dd className={styles.value} data-testid="signature-reason">
          {reason}
        </dd>
        <dt className={styles.term}>{t("why.template")}</dt>
        <dd className={styles.value} data-testid="signature-template">
          {t("why.templateVersion", {
            name: signature.template.name,
            number: signature.template.number,
          })}
        </dd>
        <dt className={styles.term}>{t("why.banner")}</dt>
        <dd className={styles.value} data-testid="signature-banner">
          {signature.banner ? (
            <>
              {signature.banner.name}
              <img
                className={styles.banner}
                src={signature.banner.imageUrl}
                alt={t("why.bannerImage", { name: signature.banner.name })}
              />
            </>
          ) : (
            <span className={styles.muted}>{t("why.noBanner")}</span>
          )}
        </dd>
        {signature.validUntil ? (
          <>
            <dt className={styles.term}>{t("why.validUntil")}</dt>
            <dd className={styles.value} data-testid="signature-valid-until">
              {formatNoumeaDate(signature.validUntil, i18n.language, {
                dateStyle: "medium",
                timeStyle: "short",
              })}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
