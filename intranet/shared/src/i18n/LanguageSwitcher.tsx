import { makeStyles, Select } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { defaultLanguage, isLanguage, languageNames, supportedLanguages } from "./languages";

const useStyles = makeStyles({
  select: { minWidth: "8.5rem" },
});

/** A compact language picker; the choice is stored by `createI18n`. */
export function LanguageSwitcher(props: { className?: string }) {
  const { t, i18n } = useTranslation("shared");
  const styles = useStyles();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;

  return (
    <Select
      className={props.className ? `${styles.select} ${props.className}` : styles.select}
      size="small"
      aria-label={t("language.label")}
      value={current}
      data-testid="language-switcher"
      onChange={(_event, data) => {
        if (isLanguage(data.value)) void i18n.changeLanguage(data.value);
      }}
    >
      {supportedLanguages.map((language) => (
        <option key={language} value={language} lang={language}>
          {languageNames[language]}
        </option>
      ))}
    </Select>
  );
}
