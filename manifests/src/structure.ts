import { type Findings, httpsProblem, type Located } from "./check-findings";
import { checkJsonManifest } from "./check-json";
import { checkXmlManifest } from "./check-xml";

/** What a check needs of an HTTP response (the global `fetch`'s `Response` fits). */
export interface IconResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
}
export type IconFetcher = (url: string) => Promise<IconResponse>;

export interface StructureCheckInput {
  xml?: string;
  json?: unknown;
  /** Text of the built event runtime (`launchevent.js`); `null` leaves function names unchecked. */
  runtimeBundle: string | null;
  /** Fetches an icon URL; `null` leaves icons unchecked. */
  fetchIcon: IconFetcher | null;
}

export interface StructureCheck {
  /** `location: what is wrong`, one per problem. */
  errors: string[];
  /** Checks that were skipped because their input was not given. */
  notChecked: string[];
}

/** `fetch failed` says little: the cause (ENOTFOUND, a certificate error…) says why. */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause?.code ?? cause?.message;
  return typeof detail === "string" ? `${error.message}: ${detail}` : error.message;
}

async function checkIcons(icons: Located[], fetchIcon: IconFetcher): Promise<string[]> {
  const byUrl = new Map<string, string>();
  for (const icon of icons) if (!byUrl.has(icon.value)) byUrl.set(icon.value, icon.where);
  const results = await Promise.all(
    [...byUrl].map(async ([url, location]) => {
      if (httpsProblem(url)) return null; // already reported as a URL error
      try {
        const response = await fetchIcon(url);
        if (!response.ok) return `${location}: icon ${url} answered HTTP ${response.status}`;
        const type = response.headers.get("content-type") ?? "";
        return type.startsWith("image/png")
          ? null
          : `${location}: icon ${url} is "${type || "no content type"}", not image/png`;
      } catch (error) {
        return `${location}: icon ${url} is unreachable (${failureReason(error)})`;
      }
    }),
  );
  return results.filter((result): result is string => result !== null);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function checkFunctions(functions: Located[], bundle: string): string[] {
  const errors: string[] = [];
  const reported = new Set<string>();
  for (const { value, where: location } of functions) {
    const present = new RegExp(`(^|[^\\w$])${escapeRegExp(value)}($|[^\\w$])`).test(bundle);
    if (!present && !reported.has(`${location}|${value}`)) {
      reported.add(`${location}|${value}`);
      errors.push(
        `${location}: function "${value}" does not appear in the event runtime bundle ` +
          "(it must be registered with Office.actions.associate)",
      );
    }
  }
  return errors;
}

/**
 * What the schemas cannot see: https everywhere, GUIDs, resids, event names, icons that answer,
 * and handlers that exist in the runtime bundle.
 */
export async function checkManifestStructure(input: StructureCheckInput): Promise<StructureCheck> {
  const found: Findings = { errors: [], icons: [], functions: [] };
  if (input.xml !== undefined) checkXmlManifest(input.xml, found);
  if (input.json !== undefined) checkJsonManifest(input.json, found);
  const notChecked: string[] = [];
  if (input.fetchIcon) found.errors.push(...(await checkIcons(found.icons, input.fetchIcon)));
  else notChecked.push("icons: not fetched (no fetch function given)");
  if (input.runtimeBundle !== null) {
    found.errors.push(...checkFunctions(found.functions, input.runtimeBundle));
  } else {
    notChecked.push("event handlers: not looked up (no runtime bundle given)");
  }
  return { errors: found.errors, notChecked };
}
