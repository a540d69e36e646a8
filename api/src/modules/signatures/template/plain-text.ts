import { compile, type DomNode, type FormatCallback } from "html-to-text";

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A link's visible text: its text nodes plus the alt text of the images it wraps. */
function linkText(node: DomNode): string {
  if (node.type === "text") return node.data ?? "";
  if (node.type !== "tag") return "";
  if (node.name === "img") {
    const alt: unknown = node.attribs?.alt;
    return typeof alt === "string" ? ` ${alt} ` : "";
  }
  if (node.name === "br") return " ";
  return node.children.map(linkText).join("");
}

/** Whether a link's text already says where it goes (scheme, www. and final / aside). */
function saysTarget(text: string, href: string): boolean {
  if (/^tel:/i.test(href)) return text.replace(/[^\d+]/g, "") === href.replace(/[^\d+]/g, "");
  const comparable = (target: string) =>
    target
      .toLowerCase()
      .replace(/^(?:https?:\/\/|mailto:)/, "")
      .replace(/^www\./, "")
      .replace(/\/$/, "");
  return comparable(text) === comparable(href);
}

/** `text <url>`, or just the text when it already says where the link goes. */
const anchor: FormatCallback = (elem, _walk, builder) => {
  const rawHref: unknown = elem.attribs?.href;
  const href = typeof rawHref === "string" ? rawHref.trim() : "";
  const text = collapse(linkText(elem));
  if (href === "" || href.startsWith("#")) {
    if (text !== "") builder.addInline(text);
  } else if (text === "" || saysTarget(text, href)) {
    builder.addInline(text === "" ? href : text, { noWordTransform: true });
  } else {
    builder.addInline(`${text} <${href}>`, { noWordTransform: true });
  }
};

const convert = compile({
  wordwrap: false,
  formatters: { signatureAnchor: anchor },
  selectors: [
    { selector: "a", format: "signatureAnchor" },
    // Outside links, images carry nothing worth reading in a plain-text signature.
    { selector: "img", format: "skip" },
    { selector: "tr", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "td", format: "inlineSurround", options: { prefix: "", suffix: " " } },
    { selector: "th", format: "inlineSurround", options: { prefix: "", suffix: " " } },
    // Signatures use one paragraph per line, so no blank line between them.
    { selector: "p", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
      selector,
      options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 },
    })),
    { selector: "hr", options: { length: 20 } },
  ],
});

/**
 * The plain-text alternative of a rendered signature: links as `text <url>` (only the text
 * when it matches the URL), images dropped except linked ones with alt text (`alt <url>`), one
 * table row per line, lines trimmed, at most one blank line in a row, no wrapping.
 * The result is text, not HTML: never insert it into HTML without escaping.
 */
export function toPlainText(html: string): string {
  return convert(html)
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
