export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlChild[];
}

export type XmlChild = XmlElement | string;

export function element(
  name: string,
  attributes: Record<string, string | undefined> = {},
  ...children: (XmlChild | XmlChild[] | null)[]
): XmlElement {
  const defined = Object.entries(attributes).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return {
    name,
    attributes: Object.fromEntries(defined),
    children: children.flat().filter((child): child is XmlChild => child !== null),
  };
}

const escapeText = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const escapeAttribute = (value: string) => escapeText(value).replaceAll('"', "&quot;");

function render(node: XmlElement, depth: number): string {
  const indent = "  ".repeat(depth);
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join("");
  if (node.children.length === 0) return `${indent}<${node.name}${attributes}/>`;
  if (node.children.every((child) => typeof child === "string")) {
    return `${indent}<${node.name}${attributes}>${escapeText(node.children.join(""))}</${node.name}>`;
  }
  const inner = node.children
    .map((child) =>
      typeof child === "string" ? `${indent}  ${escapeText(child)}` : render(child, depth + 1),
    )
    .join("\n");
  return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
}

export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}
