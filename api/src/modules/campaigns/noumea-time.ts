import { APP_TIME_ZONE } from "../../core/clock";
import { AppError } from "../../core/errors";
import type { LocalizedText } from "../signatures/template";

/**
 * Wall-clock times of the console ("to the minute, in Pacific/Noumea") and the instants they
 * stand for. The offset always comes from the time zone database through `Intl`, never a
 * hard-coded +11: Noumea has had DST before (1977–79, 1996–97), and historical instants must
 * format as they were lived.
 */

/** `YYYY-MM-DDTHH:MM`, what `<input type="datetime-local">` sends. */
export type NoumeaLocal = string;

export type InvalidNoumeaTimeReason = "format" | "out_of_range" | "nonexistent" | "ambiguous";

/** A wall-clock time the console sent that names no single instant. */
export class InvalidNoumeaTimeError extends AppError {
  readonly reason: InvalidNoumeaTimeReason;
  readonly input: string;
  readonly localized: LocalizedText;

  constructor(reason: InvalidNoumeaTimeReason, input: string, localized: LocalizedText) {
    super("validation_failed", localized.en, { reason, input, message: localized });
    this.name = "InvalidNoumeaTimeError";
    this.reason = reason;
    this.input = input;
    this.localized = localized;
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

// "h23", not `hour12: false`: some ICU versions print midnight as "24" with the latter.
const wallClockFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: APP_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The last instant converted: a bulk render asks about the same instant for every agent. */
let lastWall: { ms: number; wall: WallClock } | null = null;

function wallClockOf(instant: Date | number): WallClock {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid date: cannot express it in Nouméa time");
  if (lastWall?.ms === ms) return { ...lastWall.wall };
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of wallClockFormat.formatToParts(ms)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  lastWall = { ms, wall: { ...wall } };
  return wall;
}

/** The wall clock read as if it were UTC: subtracting the instant gives the zone's offset. */
function wallAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

function offsetAt(ms: number): number {
  return wallAsUtc(wallClockOf(ms)) - Math.floor(ms / 1000) * 1000;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

function shown(input: string): string {
  return input.length > 40 ? `${input.slice(0, 40)}…` : input;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function rangeProblem(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): LocalizedText | null {
  if (year < MIN_YEAR || year > MAX_YEAR)
    return {
      fr: `l'année doit être comprise entre ${MIN_YEAR} et ${MAX_YEAR}`,
      en: `the year must be between ${MIN_YEAR} and ${MAX_YEAR}`,
    };
  if (month < 1 || month > 12)
    return { fr: "le mois doit être compris entre 01 et 12", en: "the month must be 01 to 12" };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days)
    return {
      fr: `le mois ${pad(month)}/${year} compte ${days} jours`,
      en: `month ${year}-${pad(month)} has ${days} days`,
    };
  if (hour > 23)
    return {
      fr: "l'heure doit être comprise entre 00 et 23 (minuit s'écrit 00:00 le jour suivant)",
      en: "the hour must be 00 to 23 (midnight is 00:00 on the next day)",
    };
  if (minute > 59)
    return {
      fr: "les minutes doivent être comprises entre 00 et 59",
      en: "the minutes must be 00 to 59",
    };
  return null;
}

/**
 * The instant a console time `YYYY-MM-DDTHH:MM` stands for in Nouméa. Throws
 * `InvalidNoumeaTimeError` for another format (seconds included), an impossible date or time
 * (month 13, 30/02, 24:00) and a wall-clock time skipped or repeated by a clock change.
 */
export function parseNoumeaLocal(local: NoumeaLocal): Date {
  const input = typeof local === "string" ? local : String(local);
  const match = LOCAL_PATTERN.exec(input);
  if (!match) {
    throw new InvalidNoumeaTimeError("format", input, {
      fr: `« ${shown(input)} » n'est pas une date et heure au format AAAA-MM-JJTHH:MM (heure de Nouméa).`,
      en: `"${shown(input)}" is not a date and time in YYYY-MM-DDTHH:MM format (Nouméa time).`,
    });
  }
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const problem = rangeProblem(year, month, day, hour, minute);
  if (problem) {
    throw new InvalidNoumeaTimeError("out_of_range", input, {
      fr: `« ${input} » n'est pas une date et heure valide : ${problem.fr}.`,
      en: `"${input}" is not a valid date and time: ${problem.en}.`,
    });
  }

  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets a day either side cover any zone (±14 h) and any clock change near that time.
  const offsets = new Set([offsetAt(wall - DAY_MS), offsetAt(wall), offsetAt(wall + DAY_MS)]);
  const instants = new Set<number>();
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (wallAsUtc(wallClockOf(candidate)) === wall) instants.add(candidate);
  }
  if (instants.size === 0) {
    throw new InvalidNoumeaTimeError("nonexistent", input, {
      fr: `« ${input} » n'existe pas à Nouméa : l'horloge a sauté cette heure lors d'un changement d'heure.`,
      en: `"${input}" does not exist in Nouméa: the clock skipped it at a time change.`,
    });
  }
  if (instants.size > 1) {
    throw new InvalidNoumeaTimeError("ambiguous", input, {
      fr: `« ${input} » est ambiguë à Nouméa : cette heure a été vécue deux fois lors d'un changement d'heure.`,
      en: `"${input}" is ambiguous in Nouméa: that time occurred twice at a time change.`,
    });
  }
  const [instant] = instants;
  return new Date(instant as number);
}

/** `YYYY-MM-DDTHH:MM` in Nouméa, seconds dropped (the inverse of `parseNoumeaLocal`). */
export function formatNoumeaLocal(date: Date): NoumeaLocal {
  const w = wallClockOf(date);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The Nouméa calendar day of an instant, `YYYY-MM-DD`. */
export function noumeaDay(date: Date): string {
  const w = wallClockOf(date);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** `JJ/MM/AAAA HH:MM` in Nouméa, for French messages. */
export function formatNoumeaDisplay(date: Date): string {
  const w = wallClockOf(date);
  return `${pad(w.day)}/${pad(w.month)}/${pad(w.year, 4)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The exclusive end stored for an end typed as a last minute: « jusqu'au 31/03 23:59 » means
 * through 23:59:59.999, so the campaign stops at the instant one minute after 23:59.
 */
export function endOfNoumeaMinute(local: NoumeaLocal): Date {
  return new Date(parseNoumeaLocal(local).getTime() + MINUTE_MS);
}

/** The last minute to show the team for a stored exclusive end (inverse of `endOfNoumeaMinute`). */
export function lastNoumeaMinute(exclusiveEnd: Date): NoumeaLocal {
  return formatNoumeaLocal(new Date(exclusiveEnd.getTime() - MINUTE_MS));
}
