import { createInstance, type i18n as I18n } from "i18next";
import {
  initialLanguage,
  type PreferenceStorage,
  writeLanguagePreference,
} from "./languagePreference";
import { defaultLanguage, isLanguage, supportedLanguages } from "./languages";
import { en } from "./locales/en";
import { fr } from "./locales/fr";
import type { AppTranslations } from "./translationTree";

export const sharedNamespace = "shared";

export interface CreateI18nOptions {
  /** The app's own catalogue; it becomes the default namespace, "shared" the fallback. */
  app?: AppTranslations;
  /** Where the language preference lives (localStorage in browsers; null in tests). */
  preferences?: PreferenceStorage | null;
  /** Kept in sync with the language (`<html lang>`), for screen readers and hyphenation. */
  document?: Document | null;
}

/** One i18next instance per app, given to `<I18nextProvider>`; no global instance. */
export function createI18n(options: CreateI18nOptions = {}): I18n {
  const preferences = options.preferences ?? null;
  const app = options.app;
  const namespaces = app ? [app.namespace, sharedNamespace] : [sharedNamespace];
  const instance = createInstance();
  void instance.init({
    lng: initialLanguage(preferences),
    fallbackLng: defaultLanguage,
    supportedLngs: supportedLanguages,
    ns: namespaces,
    defaultNS: namespaces[0],
    fallbackNS: sharedNamespace,
    resources: {
      fr: { [sharedNamespace]: fr, ...(app ? { [app.namespace]: app.fr } : {}) },
      en: { [sharedNamespace]: en, ...(app ? { [app.namespace]: app.en } : {}) },
    },
    interpolation: { escapeValue: false }, // React escapes already.
    returnNull: false,
    initAsync: false,
  });

  const syncDocument = (language: string) => {
    if (options.document) options.document.documentElement.lang = language;
  };
  syncDocument(instance.language);
  // Registered after init so the default language is not stored as a user choice.
  instance.on("languageChanged", (language) => {
    syncDocument(language);
    if (isLanguage(language)) writeLanguagePreference(preferences, language);
  });
  return instance;
}
