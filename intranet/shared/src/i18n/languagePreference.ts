import { defaultLanguage, isLanguage, type Language } from "./languages";

export type PreferenceStorage = Pick<Storage, "getItem" | "setItem">;

export const languagePreferenceKey = "relais.language";

export function readLanguagePreference(storage: PreferenceStorage | null): Language | null {
  try {
    const stored = storage?.getItem(languagePreferenceKey);
    return isLanguage(stored) ? stored : null;
  } catch {
    // Storage can be disabled by browser policy; the default language then applies.
    return null;
  }
}

export function writeLanguagePreference(
  storage: PreferenceStorage | null,
  language: Language,
): void {
  try {
    storage?.setItem(languagePreferenceKey, language);
  } catch {
    // Same as above: the choice then lasts for this page only.
  }
}

/** The stored preference, else French. The browser's language is deliberately not used. */
export function initialLanguage(storage: PreferenceStorage | null): Language {
  return readLanguagePreference(storage) ?? defaultLanguage;
}
