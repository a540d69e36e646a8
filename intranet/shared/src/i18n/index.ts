export { type CreateI18nOptions, createI18n, sharedNamespace } from "./createI18n";
export { type DateInput, formatNoumeaDate, noumeaTimeZone } from "./formatDate";
export { LanguageSwitcher } from "./LanguageSwitcher";
export {
  initialLanguage,
  languagePreferenceKey,
  type PreferenceStorage,
  readLanguagePreference,
  writeLanguagePreference,
} from "./languagePreference";
export {
  defaultLanguage,
  isLanguage,
  type Language,
  languageNames,
  supportedLanguages,
} from "./languages";
export type { SharedTranslations } from "./locales/fr";
export { type I18n, I18nProvider, type TFunction, useTranslation } from "./react";
export type { AppTranslations, TranslationTree } from "./translationTree";
