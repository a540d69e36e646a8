import { didYouMean, type Findings, GUID, httpsProblem, insecureLink } from "./check-findings";
import { isLaunchEventType, LAUNCH_EVENTS, MOBILE_LAUNCH_EVENTS } from "./launch-events";
import { descendants, localName, type ReadElement, readXml, XmlSyntaxError } from "./xml-reader";

type ResourceKind = "Image" | "Url" | "ShortString" | "LongString";

const where = (element: ReadElement, attribute?: string) =>
  `${element.path}${attribute ? `/@${attribute}` : ""} (line ${element.line})`;

const URL_ELEMENTS = new Set(["IconUrl", "HighResolutionIconUrl", "SupportUrl", "SourceLocation"]);

function resourceKind(element: ReadElement, parent: ReadElement): ResourceKind | null {
  const name = localName(element.name);
  const group = localName(parent.name);
  if (name === "Image" && group === "Images") return "Image";
  if (name === "Url" && group === "Urls") return "Url";
  if (name === "String" && group === "ShortStrings") return "ShortString";
  if (name === "String" && group === "LongStrings") return "LongString";
  return null;
}

function expectedKind(element: ReadElement, parent: ReadElement | undefined): ResourceKind | null {
  switch (localName(element.name)) {
    case "Image":
      return "Image";
    case "SourceLocation":
    case "Runtime":
    case "FunctionFile":
      return "Url";
    case "Override":
      return parent && localName(parent.name) === "Runtime" ? "Url" : null;
    case "Label":
    case "Title":
    case "Tooltip":
      return "ShortString";
    case "Description":
      return "LongString";
    default:
      return null;
  }
}

function parentsOf(root: ReadElement): Map<ReadElement, ReadElement> {
  const parents = new Map<ReadElement, ReadElement>();
  for (const element of [root, ...descendants(root)]) {
    for (const child of element.children) parents.set(child, element);
  }
  return parents;
}

interface ManifestTree {
  root: ReadElement;
  all: ReadElement[];
  parents: Map<ReadElement, ReadElement>;
  byName(name: string): ReadElement[];
}

function treeOf(root: ReadElement): ManifestTree {
  const all = [root, ...descendants(root)];
  return {
    root,
    all,
    parents: parentsOf(root),
    byName: (name) => all.filter((element) => localName(element.name) === name),
  };
}

const childNamed = (element: ReadElement, name: string) =>
  element.children.find((child) => localName(child.name) === name);

function checkIds({ root, byName }: ManifestTree, errors: string[]): void {
  if (localName(root.name) !== "OfficeApp") {
    errors.push(`${where(root)}: the root element must be OfficeApp`);
  }
  const id = childNamed(root, "Id");
  if (!id) errors.push(`${where(root)}: Id is missing`);
  else if (!GUID.test(id.text.trim())) {
    errors.push(`${where(id)}: "${id.text.trim()}" is not a GUID`);
  }
  for (const info of byName("WebApplicationInfo")) {
    const clientId = childNamed(info, "Id");
    if (clientId && !GUID.test(clientId.text.trim())) {
      errors.push(`${where(clientId)}: "${clientId.text.trim()}" is not a GUID (Entra client id)`);
    }
  }
}

/** Every URL-bearing value must be absolute https; anything else starting http:// too. */
function checkUrls({ all, parents }: ManifestTree, errors: string[]): void {
  const holdsUrl = (element: ReadElement): boolean => {
    if (URL_ELEMENTS.has(localName(element.name))) return "DefaultValue" in element.attributes;
    const parent = parents.get(element);
    const kind = parent ? resourceKind(element, parent) : null;
    return kind === "Image" || kind === "Url";
  };
  for (const element of all) {
    const parent = parents.get(element);
    const urlAttribute = holdsUrl(element)
      ? "DefaultValue"
      : localName(element.name) === "Override" && parent && holdsUrl(parent)
        ? "Value"
        : null;
    for (const [attribute, value] of Object.entries(element.attributes)) {
      if (attribute === "xmlns" || attribute.startsWith("xmlns:")) continue; // names, not links
      const problem = attribute === urlAttribute ? httpsProblem(value) : insecureLink(value);
      if (problem) errors.push(`${where(element, attribute)}: ${problem}`);
    }
    const content = element.text.trim();
    const problem =
      localName(element.name) === "AppDomain" ? httpsProblem(content) : insecureLink(content);
    if (problem) errors.push(`${where(element)}: ${problem}`);
  }
}

/** Every resid must name a declared resource of the kind its element takes. */
function checkResources({ all, parents }: ManifestTree, errors: string[]): void {
  const declared = new Map<string, { kind: ResourceKind; element: ReadElement }>();
  for (const element of all) {
    const parent = parents.get(element);
    const kind = parent ? resourceKind(element, parent) : null;
    const resourceId = element.attributes.id;
    if (!kind || resourceId === undefined) continue;
    const previous = declared.get(resourceId);
    if (previous) {
      errors.push(
        `${where(element, "id")}: resource id "${resourceId}" is already declared on line ` +
          `${previous.element.line}`,
      );
    } else declared.set(resourceId, { kind, element });
  }
  for (const element of all) {
    const resid = element.attributes.resid;
    if (resid === undefined) continue;
    const target = declared.get(resid);
    const expected = expectedKind(element, parents.get(element));
    if (!target) {
      errors.push(`${where(element, "resid")}: resid "${resid}" is not declared in Resources`);
    } else if (expected && target.kind !== expected) {
      errors.push(
        `${where(element, "resid")}: resid "${resid}" names a ${target.kind} resource, ` +
          `a ${expected} is expected here`,
      );
    }
  }
}

function checkEvents({ byName }: ManifestTree, found: Findings): void {
  const { errors } = found;
  const runtimes = byName("Runtime");
  const runtimeIds = new Set(runtimes.map((runtime) => runtime.attributes.resid ?? ""));
  for (const point of byName("ExtensionPoint")) {
    if (point.attributes["xsi:type"] !== "LaunchEvent") continue;
    const location = childNamed(point, "SourceLocation");
    const resid = location?.attributes.resid;
    if (location && resid !== undefined && !runtimeIds.has(resid)) {
      errors.push(
        `${where(location, "resid")}: "${resid}" is not a Runtime; the LaunchEvent extension ` +
          "point must name the event runtime declared in Runtimes",
      );
    }
  }
  for (const runtime of runtimes) {
    const hasScript = runtime.children.some(
      (child) => localName(child.name) === "Override" && child.attributes.type === "javascript",
    );
    if (!hasScript) {
      errors.push(
        `${where(runtime)}: no <Override type="javascript">; classic Outlook on Windows runs ` +
          "event handlers from that script only",
      );
    }
  }
  for (const event of byName("LaunchEvent")) {
    const type = event.attributes.Type ?? "";
    if (!isLaunchEventType(type)) {
      errors.push(
        `${where(event, "Type")}: unknown LaunchEvent type "${type}"` +
          didYouMean(type, Object.keys(LAUNCH_EVENTS)),
      );
    } else if (event.path.includes("/MobileFormFactor/") && !MOBILE_LAUNCH_EVENTS.includes(type)) {
      errors.push(`${where(event, "Type")}: Outlook on Android and iOS never raise "${type}"`);
    }
    const functionName = event.attributes.FunctionName;
    if (functionName) {
      found.functions.push({ value: functionName, where: where(event, "FunctionName") });
    }
  }
  for (const action of byName("Action")) {
    if (action.attributes["xsi:type"] !== "ExecuteFunction") continue;
    const functionName = childNamed(action, "FunctionName");
    if (functionName) {
      found.functions.push({ value: functionName.text.trim(), where: where(functionName) });
    }
  }
}

/** The store icons and every image resource, with their overrides. */
function collectIcons({ all, parents }: ManifestTree, found: Findings): void {
  for (const element of all) {
    const parent = parents.get(element);
    const name = localName(element.name);
    const isIcon =
      name === "IconUrl" ||
      name === "HighResolutionIconUrl" ||
      (parent !== undefined && resourceKind(element, parent) === "Image");
    if (!isIcon) continue;
    const value = element.attributes.DefaultValue;
    if (value) found.icons.push({ value, where: where(element, "DefaultValue") });
    for (const override of element.children) {
      const overrideValue = override.attributes.Value;
      if (overrideValue) {
        found.icons.push({ value: overrideValue, where: where(override, "Value") });
      }
    }
  }
}

/** The add-in only manifest's checks; the XSD covers element order and required attributes. */
export function checkXmlManifest(xml: string, found: Findings): void {
  let root: ReadElement;
  try {
    root = readXml(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      found.errors.push(`XML manifest, ${error.message}`);
      return;
    }
    throw error;
  }
  const tree = treeOf(root);
  checkIds(tree, found.errors);
  checkUrls(tree, found.errors);
  checkResources(tree, found.errors);
  checkEvents(tree, found);
  collectIcons(tree, found);
}
