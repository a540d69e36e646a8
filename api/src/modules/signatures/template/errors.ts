import { type LocalizedText, signatureFields } from "./fields";

export type TemplateErrorCode =
  | "template_too_large"
  | "unclosed_tag"
  | "unbalanced_section"
  | "syntax_error"
  | "raw_output_forbidden"
  | "partial_forbidden"
  | "delimiter_change_forbidden"
  | "unknown_field"
  | "object_field_as_value"
  | "field_not_sectionable"
  | "unsafe_url_placeholder"
  | "forbidden_html_element"
  | "forbidden_event_handler"
  | "forbidden_url_scheme";

export interface TemplateError {
  code: TemplateErrorCode;
  message: LocalizedText;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column of `start`, in UTF-16 code units (what editors count). */
  column: number;
  /** 0-based offsets of the offending text in the source, end excluded. */
  start: number;
  end: number;
}

// Errors of one compile share the source, so its line starts are computed once.
let lineIndex: { source: string; starts: number[] } | undefined;

export function positionOf(source: string, index: number): { line: number; column: number } {
  if (lineIndex?.source !== source) {
    const starts = [0];
    for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1))
      starts.push(i + 1);
    lineIndex = { source, starts };
  }
  const { starts } = lineIndex;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: index - (starts[low] ?? 0) + 1 };
}

export function templateError(
  source: string,
  code: TemplateErrorCode,
  start: number,
  end: number,
  message: LocalizedText,
): TemplateError {
  return { code, message, ...positionOf(source, start), start, end };
}

/** Quotes user text in a message without letting a huge tag flood it. */
export function quote(text: string, language: keyof LocalizedText): string {
  const short = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return language === "fr" ? `« ${short} »` : `"${short}"`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// Templates tend to repeat the same typo; field names are short, so long names skip the cache.
const suggestions = new Map<string, string | undefined>();

/** The registered field a mistyped name most likely meant, if any is close enough. */
export function suggestField(name: string): string | undefined {
  if (name.length > 40) return closestField(name);
  if (suggestions.has(name)) return suggestions.get(name);
  const suggestion = closestField(name);
  if (suggestions.size >= 1000) suggestions.clear();
  suggestions.set(name, suggestion);
  return suggestion;
}

function closestField(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const { name: candidate } of signatureFields) {
    if (Math.abs(candidate.length - lower.length) > 2) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}
