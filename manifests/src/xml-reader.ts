import { SaxesParser } from "saxes";

/**
 * A small XML reader for the structural checks: elements, attributes, text and the line each
 * element starts on. Comments, processing instructions and the declaration are skipped; DTDs
 * are refused. Enough for add-in manifests, which use nothing else.
 */
export interface ReadElement {
  name: string;
  attributes: Record<string, string>;
  children: ReadElement[];
  text: string;
  line: number;
  /** XPath-like location, e.g. `/OfficeApp/Hosts/Host[1]`. */
  path: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "XmlSyntaxError";
  }
}

interface Draft {
  name: string;
  attributes: Record<string, string>;
  children: Draft[];
  text: string;
  line: number;
}

function withPaths(draft: Draft, parentPath: string, index: number | null): ReadElement {
  const path = `${parentPath}/${draft.name}${index === null ? "" : `[${index}]`}`;
  const counts = new Map<string, number>();
  for (const child of draft.children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  const children = draft.children.map((child) => {
    const position = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, position);
    return withPaths(child, path, (counts.get(child.name) ?? 0) > 1 ? position : null);
  });
  return { ...draft, children, path };
}

export function readXml(source: string): ReadElement {
  // xmlns off: names stay as written (prefix included); namespaces are the schema's business.
  const parser = new SaxesParser({ position: true });
  const stack: Draft[] = [];
  let root: Draft | null = null;
  let failure: XmlSyntaxError | null = null;
  const fail = (message: string) => {
    failure ??= new XmlSyntaxError(parser.line, message);
  };
  parser.on("doctype", () => fail("DTDs are not accepted in a manifest"));
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) attributes[name] = String(value);
    const draft: Draft = { name: tag.name, attributes, children: [], text: "", line: parser.line };
    const parent = stack.at(-1);
    if (parent) parent.children.push(draft);
    else root = draft;
    if (!tag.isSelfClosing) stack.push(draft);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const addText = (text: string) => {
    const parent = stack.at(-1);
    if (parent) parent.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("error", (error) => fail(error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, "")));
  parser.write(source).close();
  if (failure) throw failure;
  if (!root) throw new XmlSyntaxError(parser.line, "no root element");
  return withPaths(root, "", null);
}

export const localName = (name: string) => name.slice(name.indexOf(":") + 1);

/** Depth-first, document order. */
export function* descendants(element: ReadElement): Generator<ReadElement> {
  for (const child of element.children) {
    yield child;
    yield* descendants(child);
  }
}
