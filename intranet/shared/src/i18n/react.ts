// Apps use i18n through this package only, so they share one copy of react-i18next.
export type { i18n as I18n, TFunction } from "i18next";
export { I18nextProvider as I18nProvider, useTranslation } from "react-i18next";
