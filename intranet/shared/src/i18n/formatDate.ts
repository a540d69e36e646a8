/** Every date Relais shows is in the commune's time zone (UTC+11, no daylight saving). */
export const noumeaTimeZone = "Pacific/Noumea";

export type DateInput = Date | string | number;

/**
 * Formats an instant for display in Pacific/Noumea, whatever the browser's time zone.
 * `locale` is the UI language (e.g. `i18n.language`).
 */
export function formatNoumeaDate(
  value: DateInput,
  locale: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" },
): string {
  const date = value instanceof Date ? value : new Date(value);
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: noumeaTimeZone }).format(date);
}
