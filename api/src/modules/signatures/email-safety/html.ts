import { parseHtml } from "caniemail";

// htmlparser2 is not a declared dependency of the api workspace, so we parse through caniemail's
// own export (htmlparser2 underneath, with start/end indices) and derive the DOM types from it.
type ParsedDocument = ReturnType<typeof parseHtml>;
type DomNode = ParsedDocument["document"]["children"][number];
type DomElement = Extract<DomNode, { attribs: unknown }>;

export interface SignatureElement {
  /** Lower-case tag name. */
  tag: string;
  /** Lower-case attribute names, decoded values. */
  attributes: Readonly<Record<string, string>>;
  /** Inline `style` declarations, lower-case property → value without `!important`. */
  style: ReadonlyMap<string, string>;
  start: number;
  /** Index of the element's last character. */
  end: number;
}

export interface StyleUsage {
  element: SignatureElement;
  value: string;
}

export interface ParsedSignature {
  /** The text that was parsed; indices and caniemail positions refer to it. */
  source: string;
  elements: readonly SignatureElement[];
  elementsByStart: ReadonlyMap<number, SignatureElement>;
  inlineStyles: ReadonlyMap<string, readonly StyleUsage[]>;
  stylesheetProperties: ReadonlySet<string>;
}

const STYLE_CONTENT = /(<style\b[^>]*>)[\s\S]*?(<\/style\s*>|$)/gi;

export function parseSignature(html: string): ParsedSignature {
  let source = html;
  let parsed: ParsedDocument;
  try {
    parsed = parseHtml(source);
  } catch {
    // caniemail's parser also parses <style> blocks and throws on malformed CSS (even a plain
    // `<!-- -->` wrapper). <style> is rejected on its own, so we drop its content and go on.
    source = html.replace(STYLE_CONTENT, "$1$2");
    parsed = parseHtml(source);
  }

  const elements: SignatureElement[] = [];
  const elementsByStart = new Map<number, SignatureElement>();
  const inlineStyles = new Map<string, StyleUsage[]>();

  const stack: DomNode[] = [...parsed.document.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!("attribs" in node)) continue;
    const element = toSignatureElement(node);
    elements.push(element);
    elementsByStart.set(element.start, element);
    for (const [property, value] of element.style) {
      const usages = inlineStyles.get(property);
      if (usages) usages.push({ element, value });
      else inlineStyles.set(property, [{ element, value }]);
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
  }

  const stylesheetProperties = new Set<string>();
  for (const stylesheet of parsed.stylesheets)
    collectDeclarations(stylesheet, stylesheetProperties);

  return { source, elements, elementsByStart, inlineStyles, stylesheetProperties };
}

function toSignatureElement(node: DomElement): SignatureElement {
  const style = node.attribs.style;
  return {
    tag: node.name.toLowerCase(),
    attributes: node.attribs,
    style: style ? parseInlineStyle(style) : new Map(),
    start: node.startIndex ?? -1,
    end: node.endIndex ?? -1,
  };
}

function collectDeclarations(node: unknown, into: Set<string>): void {
  if (typeof node !== "object" || node === null) return;
  if ("type" in node && node.type === "declaration" && "property" in node) {
    if (typeof node.property === "string") into.add(node.property.toLowerCase());
    return;
  }
  for (const key of ["stylesheet", "rules", "declarations"]) {
    const child: unknown = (node as Record<string, unknown>)[key];
    if (Array.isArray(child)) for (const item of child) collectDeclarations(item, into);
    else collectDeclarations(child, into);
  }
}

const PROPERTY_NAME = /^-?[a-z][a-z0-9-]*$/;

/** Lenient on purpose: clients keep the valid declarations of a malformed `style`. */
export function parseInlineStyle(text: string): Map<string, string> {
  const declarations = new Map<string, string>();
  const css = text.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, "");
  let quote = "";
  let depth = 0;
  let chunkStart = 0;
  const take = (end: number) => {
    const chunk = css.slice(chunkStart, end);
    chunkStart = end + 1;
    const colon = chunk.indexOf(":");
    if (colon <= 0) return;
    const property = chunk.slice(0, colon).trim().toLowerCase();
    const value = chunk
      .slice(colon + 1)
      .replace(/\s*!\s*important\s*$/i, "")
      .trim();
    if (PROPERTY_NAME.test(property) && value !== "") declarations.set(property, value);
  };
  for (let i = 0; i < css.length; i++) {
    const char = css[i];
    if (quote) {
      if (char === "\\") i++;
      else if (char === quote) quote = "";
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "(") depth++;
    else if (char === ")") depth = Math.max(0, depth - 1);
    else if (char === ";" && depth === 0) take(i);
  }
  take(css.length);
  return declarations;
}

const EXCERPT_MAX = 160;

/** The element's opening tag, truncated; the full element could be the whole signature. */
export function openingTag(source: string, start: number): string {
  let quote = "";
  let end = source.length;
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i];
    if (quote) {
      if (char === quote) quote = "";
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ">") {
      end = i + 1;
      break;
    }
  }
  const tag = source.slice(start, end);
  return tag.length > EXCERPT_MAX ? `${tag.slice(0, EXCERPT_MAX - 1)}…` : tag;
}
