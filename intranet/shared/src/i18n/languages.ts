export const supportedLanguages = ["fr", "en"] as const;

export type Language = (typeof supportedLanguages)[number];

/** French first: the default and the fallback for any missing string. */
export const defaultLanguage: Language = "fr";

/** Each language named in itself, as language pickers should show them. */
export const languageNames: Record<Language, string> = { fr: "Français", en: "English" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}
