import type { FieldKind } from "./fields";

/** Longest text value, in code points; longer values are cut and end with "…". */
export const MAX_TEXT_LENGTH = 256;
/** Longer URLs are dropped rather than cut, since a cut URL points elsewhere. */
export const MAX_URL_LENGTH = 2048;

const ELLIPSIS = "…";
const WHITESPACE = /\s+/gu;
// Cc is every C0/C1 control; Bidi_Control is exactly U+061C, U+200E/F, U+202A–E, U+2066–9.
const INVISIBLE_CONTROLS = /[\p{Cc}\p{Bidi_Control}]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// With the u flag, [\uD800-\uDFFF] matches lone surrogates only (pairs are one code point).
const NEEDS_CLEANING = /[\p{Cc}\p{Bidi_Control}\uD800-\uDFFF]|[^\S ]| {2}|^ | $/u;
const HTML_SPECIAL = /[&<>"'`=]/;
const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const TEL_SEPARATORS = /[\s.()/-]/g;
const TEL_NUMBER = /^\+?\d{2,20}$/;
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

// Values that land inside a style attribute get a tighter alphabet than free text.
const TEXT_RULES: ReadonlyMap<string, RegExp> = new Map([
  ["brand.fontStack", /^[\p{L}\p{N} ,'"-]+$/u],
]);

/**
 * Removes control and bidi-override characters, replaces lone surrogates, turns every run of
 * whitespace (line breaks and non-breaking spaces included) into one space and trims.
 */
export function cleanText(value: string): string {
  // Most directory values are already clean: no new string for them.
  if (!NEEDS_CLEANING.test(value)) return value;
  return value
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(WHITESPACE, " ")
    .replace(INVISIBLE_CONTROLS, "")
    .replace(/ {2,}/g, " ")
    .trim();
}

let graphemes: Intl.Segmenter | undefined;

/** Cuts at a grapheme boundary so an emoji sequence or accented letter is never split. */
export function capText(value: string, max = MAX_TEXT_LENGTH): string {
  // A string has at least as many UTF-16 units as code points.
  if (value.length <= max) return value;
  const codePoints = Array.from(value);
  if (codePoints.length <= max) return value;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let kept = "";
  let length = 0;
  for (const { segment } of graphemes.segment(value)) {
    const size = Array.from(segment).length;
    if (length + size > max - 1) break;
    kept += segment;
    length += size;
  }
  // A single grapheme longer than the cap (stacked combining marks) is cut by code point.
  if (kept === "") kept = codePoints.slice(0, max - 1).join("");
  return kept + ELLIPSIS;
}

export function sanitizeText(value: unknown, fieldName?: string): string | null {
  if (typeof value !== "string") return null;
  const cleaned = cleanText(value);
  if (cleaned === "") return null;
  const rule = fieldName === undefined ? undefined : TEXT_RULES.get(fieldName);
  if (rule && !rule.test(cleaned)) return null;
  return capText(cleaned);
}

export function sanitizeUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const cleaned = cleanText(value);
  if (cleaned === "" || cleaned.includes(" ") || cleaned.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null;
  }
  switch (url.protocol) {
    case "https:":
    case "mailto:":
    case "tel:":
      break;
    case "http:":
      if (!LOCAL_HOSTS.has(url.hostname)) return null;
      break;
    default:
      return null;
  }
  if (url.username !== "" || url.password !== "") return null;
  return url.href.length > MAX_URL_LENGTH ? null : url.href;
}

/** "+687 41 40 52", "tel:+687 41.40.52" → "tel:+687414052"; anything else → null. */
export function sanitizeTel(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const number = cleanText(value).replace(/^tel:/i, "").replace(TEL_SEPARATORS, "");
  return TEL_NUMBER.test(number) ? `tel:${number}` : null;
}

export function sanitizeColor(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const cleaned = value.trim();
  return COLOR.test(cleaned) ? cleaned : null;
}

export function sanitizeNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** The value to hand to mustache for a field, or null when it is empty or invalid. */
export function sanitizeValue(
  kind: Exclude<FieldKind, "object">,
  value: unknown,
  fieldName?: string,
): string | number | null {
  switch (kind) {
    case "text":
      return sanitizeText(value, fieldName);
    case "url":
      return sanitizeUrl(value);
    case "tel":
      return sanitizeTel(value);
    case "color":
      return sanitizeColor(value);
    case "number":
      return sanitizeNumber(value);
  }
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#x60;",
  "=": "&#x3D;",
};

/**
 * Mustache's default escaping minus `/`, which cannot end a text run or an attribute value and
 * would cost 5 characters in every URL (signatures aim at 8 KB, Exchange disclaimers at 5,000).
 * Passed explicitly at render time so that code elsewhere reassigning the global
 * `Mustache.escape` cannot turn escaping off here.
 */
export function escapeHtml(value: unknown): string {
  const text = String(value);
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/[&<>"'`=]/g, (character) => HTML_ENTITIES[character] ?? "");
}
