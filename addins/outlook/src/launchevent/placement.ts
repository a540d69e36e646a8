import type { BodyFormat } from "./host";

/**
 * Where `setSignatureAsync` does not exist (appointments in Outlook on the web and new Outlook),
 * the signature is written into the body itself, inside a marked block, so that an event fired
 * twice replaces the block instead of adding a second one.
 */
export const SIGNATURE_MARKER = "relais-signature";

/** Outlook may prefix ids (`x_relais-signature`) when it rewrites the body. */
const OPENING = new RegExp(`<div\\b[^>]*\\bid=["']?(?:x_)?${SIGNATURE_MARKER}["'\\s>][^>]*>`, "i");
const TEXT_START = "-- \n";

export function markedHtml(signatureHtml: string): string {
  return `<div id="${SIGNATURE_MARKER}">${signatureHtml}</div>`;
}

/** The end of the `<div>` opened at `start`, past its closing tag; -1 when unbalanced. */
function endOfBlock(html: string, start: number): number {
  const tags = /<(\/?)div\b[^>]*>/gi;
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(html); match !== null; match = tags.exec(html)) {
    depth += match[1] === "/" ? -1 : 1;
    if (depth === 0) return match.index + match[0].length;
  }
  return -1;
}

function placeHtml(body: string, signatureHtml: string): string {
  const block = markedHtml(signatureHtml);
  const found = OPENING.exec(body);
  if (found) {
    const end = endOfBlock(body, found.index);
    if (end !== -1) return body.slice(0, found.index) + block + body.slice(end);
  }
  const closing = body.search(/<\/body>/i);
  if (closing !== -1) return `${body.slice(0, closing)}${block}${body.slice(closing)}`;
  return body + block;
}

function placeText(body: string, signatureText: string, previousText: string | null): string {
  const block = TEXT_START + signatureText;
  for (const candidate of [previousText, signatureText]) {
    if (!candidate) continue;
    const index = body.lastIndexOf(TEXT_START + candidate);
    if (index !== -1) {
      return (
        body.slice(0, index) + block + body.slice(index + TEXT_START.length + candidate.length)
      );
    }
  }
  const trimmed = body.replace(/\s+$/, "");
  return trimmed === "" ? block : `${trimmed}\n\n${block}`;
}

/**
 * The body with the signature at its end, replacing the one placed before. In plain text there is
 * no markup to mark the block, so it is found by the usual "-- " separator followed by the text
 * inserted before (`previousText`) or the same text again.
 */
export function placeSignature(
  body: string,
  content: string,
  format: BodyFormat,
  previousText: string | null,
): string {
  return format === "html" ? placeHtml(body, content) : placeText(body, content, previousText);
}
