import { languagePreferenceKey, type PreferenceStorage } from "@relais/web-shared";

/**
 * The agent's stored language choice, else Outlook's display language: an agent running Outlook
 * in English gets the pane in English without it being stored as their choice.
 */
export function preferenceWithHostDefault(
  storage: PreferenceStorage | null,
  hostLanguage: string | null,
): PreferenceStorage {
  const hostDefault = hostLanguage?.slice(0, 2).toLowerCase() ?? null;
  return {
    getItem(key) {
      let stored: string | null = null;
      try {
        stored = storage?.getItem(key) ?? null;
      } catch {
        // Disabled storage: fall through to the host's language.
      }
      return stored ?? (key === languagePreferenceKey ? hostDefault : null);
    },
    setItem(key, value) {
      storage?.setItem(key, value);
    },
  };
}
