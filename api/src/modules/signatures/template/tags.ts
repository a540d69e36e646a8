/**
 * A lightweight mirror of mustache's tag scanner (default `{{ }}` delimiters). Mustache stays
 * the authority for what gets rendered; this scan only locates text between tags for the HTML
 * guard and pinpoints syntax errors, which mustache reports at the end of the template.
 */

export type TagKind = "name" | "#" | "^" | "/" | ">" | "{" | "&" | "=" | "!";

export interface ScannedTag {
  kind: TagKind;
  /** The tag's content, trimmed like mustache does (`{{ # a }}` → "a"). */
  value: string;
  start: number;
  end: number;
}

export interface TextSpan {
  start: number;
  end: number;
}

export interface TagScan {
  tags: ScannedTag[];
  /** Source outside tags, in order. After a delimiter change, the rest counts as text. */
  texts: TextSpan[];
  /** Offset of a `{{` that is never closed, which stops the scan. */
  unclosedTagAt: number | null;
}

const TAG_KINDS = "#^/>{&=!";
const SPACES = /\s*/y;

function skipSpaces(source: string, from: number): number {
  SPACES.lastIndex = from;
  SPACES.exec(source);
  return SPACES.lastIndex;
}

/** Where `\s*marker` first matches, found without regex backtracking over long blanks. */
function findMarker(
  source: string,
  marker: string,
  from: number,
): { index: number; end: number } | null {
  const at = source.indexOf(marker, from);
  if (at === -1) return null;
  let index = at;
  while (index > from && /\s/.test(source[index - 1] ?? "")) index -= 1;
  return { index, end: at + marker.length };
}

function closeTag(
  source: string,
  kind: TagKind,
  valueStart: number,
): { valueEnd: number; end: number } | null {
  if (kind === "=") {
    const equals = findMarker(source, "=", valueStart);
    const close = equals && findMarker(source, "}}", equals.end);
    return close ? { valueEnd: equals.index, end: close.end } : null;
  }
  const close = findMarker(source, kind === "{" ? "}}}" : "}}", valueStart);
  return close && { valueEnd: close.index, end: close.end };
}

export function scanTags(source: string): TagScan {
  const tags: ScannedTag[] = [];
  const texts: TextSpan[] = [];
  let unclosedTagAt: number | null = null;
  let position = 0;
  while (position < source.length) {
    const open = source.indexOf("{{", position);
    if (open === -1) break;
    if (open > position) texts.push({ start: position, end: open });
    let cursor = skipSpaces(source, open + 2);
    const marker = source[cursor];
    const kind: TagKind =
      marker !== undefined && TAG_KINDS.includes(marker) ? (marker as TagKind) : "name";
    if (kind !== "name") cursor = skipSpaces(source, cursor + 1);
    const close = closeTag(source, kind, cursor);
    if (!close) {
      unclosedTagAt = open;
      position = open;
      break;
    }
    tags.push({ kind, value: source.slice(cursor, close.valueEnd), start: open, end: close.end });
    position = close.end;
    if (kind === "=") break;
  }
  if (position < source.length) texts.push({ start: position, end: source.length });
  return { tags, texts, unclosedTagAt };
}

export interface JoinedText {
  /** The source outside tags, concatenated: what the author's HTML reads like. */
  text: string;
  /** Source offset of each character of `text`, ascending. */
  offsets: number[];
}

export function joinTexts(source: string, texts: readonly TextSpan[]): JoinedText {
  let text = "";
  const offsets: number[] = [];
  for (const { start, end } of texts) {
    text += source.slice(start, end);
    for (let i = start; i < end; i++) offsets.push(i);
  }
  return { text, offsets };
}

/** The joined text that precedes a source offset, up to `length` characters. */
export function textBefore(joined: JoinedText, offset: number, length: number): string {
  let low = 0;
  let high = joined.offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((joined.offsets[middle] ?? offset) < offset) low = middle + 1;
    else high = middle;
  }
  return joined.text.slice(Math.max(0, low - length), low);
}
