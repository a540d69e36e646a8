import { type CanIEmailOptions, type CanIEmailResult, caniemail, rawData } from "caniemail";
import type { ParsedSignature, StyleUsage } from "./html";
import { openingTag } from "./html";
import type { EmailSafetyIssue, LocalizedMessage } from "./types";

export interface EmailClientInfo {
  /** caniemail data key (`family.platform`). */
  key: string;
  name: LocalizedMessage;
  /** Unsupported features are errors for blocking clients, warnings for the others. */
  blocking: boolean;
}

export const EMAIL_CLIENTS = [
  {
    key: "outlook.windows",
    name: { fr: "Outlook pour Windows", en: "Outlook for Windows" },
    blocking: true,
  },
  // The data has a distinct `outlook-com` key (tested up to 2025), but the checker's client list
  // omits it; its verdicts are read from the data (see DETECTION_CLIENTS).
  { key: "outlook.outlook-com", name: { fr: "Outlook.com", en: "Outlook.com" }, blocking: true },
  {
    key: "gmail.desktop-webmail",
    name: { fr: "Gmail (webmail)", en: "Gmail (webmail)" },
    blocking: true,
  },
  {
    key: "apple-mail.macos",
    name: { fr: "Apple Mail (macOS)", en: "Apple Mail (macOS)" },
    blocking: true,
  },
  {
    key: "apple-mail.ios",
    name: { fr: "Apple Mail (iOS)", en: "Apple Mail (iOS)" },
    blocking: true,
  },
  { key: "gmail.ios", name: { fr: "Gmail (iOS)", en: "Gmail (iOS)" }, blocking: false },
  { key: "gmail.android", name: { fr: "Gmail (Android)", en: "Gmail (Android)" }, blocking: false },
] as const satisfies readonly EmailClientInfo[];

export type EmailClientKey = (typeof EMAIL_CLIENTS)[number]["key"];

/**
 * Clients the caniemail checker runs with. It only tells us which features the HTML uses (and
 * where); each target's verdict then comes from the data, because the checker rejects
 * `outlook.outlook-com` (absent from its client list) and throws on `gmail.ios` when `word-wrap`
 * is used (no data). A feature is only reported by the checker if some run client lacks full
 * support, so this set must flag every feature any target lacks: `outlook.ios` is here only for
 * "Local anchors", which of the targets only `gmail.ios` lacks. The test suite checks this
 * against the installed data, and that each client has data for every feature.
 */
export const DETECTION_CLIENTS: CanIEmailOptions["clients"] = [
  "outlook.windows",
  "gmail.desktop-webmail",
  "gmail.android",
  "apple-mail.macos",
  "apple-mail.ios",
  "outlook.ios",
];

interface OverrideCondition {
  property: string;
  /** Must hold for every inline use of `property`; a use in a <style> block voids the override. */
  every: (usage: StyleUsage) => boolean;
}

export interface CaniemailOverride {
  features: readonly string[];
  /** `ignore` drops the feature; `warning` keeps it but never as an error. */
  action: "ignore" | "warning";
  when?: OverrideCondition;
  reason: string;
}

const maxPx = (value: string) =>
  Math.max(0, ...Array.from(value.matchAll(/(\d*\.?\d+)px/g), (match) => Number(match[1])));

/** caniemail verdicts that are not blockers for a signature, and why. */
export const CANIEMAIL_OVERRIDES: readonly CaniemailOverride[] = [
  {
    features: ["width attribute", "height attribute"],
    action: "ignore",
    reason:
      "Numeric width/height attributes are how Outlook sizes tables and images; the caveats are percentages on <img> (rejected by img-dimensions-missing) and 120-dpi scaling, which HTML cannot fix.",
  },
  {
    features: ["target attribute"],
    action: "ignore",
    reason: "'Not supported' means the client forces target=_blank; links still open.",
  },
  {
    features: ["HTML5 doctype"],
    action: "ignore",
    reason: "caniemail notes it has no rendering impact.",
  },
  {
    features: ["display"],
    action: "ignore",
    reason:
      "The partial notes are about display:none, flex and grid, reported by their own features; display:block on images is the usual gap fix and harmless where ignored.",
  },
  {
    features: ["font-size"],
    action: "ignore",
    reason: "The only caveat is rem values, reported by the 'rem unit' feature.",
  },
  {
    features: ["font-weight"],
    action: "ignore",
    reason: "Outlook maps numeric weights to normal or bold, which is all a signature relies on.",
  },
  {
    features: ["padding"],
    action: "ignore",
    when: { property: "padding", every: (u) => u.element.tag === "td" || u.element.tag === "th" },
    reason: "Outlook supports padding on table cells only, which is where we allow it.",
  },
  {
    features: ["line-height"],
    action: "ignore",
    when: {
      property: "line-height",
      every: (u) => u.element.style.get("mso-line-height-rule")?.toLowerCase() === "exactly",
    },
    reason:
      "Outlook's line-height bug is fixed by mso-line-height-rule:exactly on the same element.",
  },
  {
    features: ["text-decoration"],
    action: "ignore",
    when: {
      property: "text-decoration",
      every: (u) => /^(none|underline|line-through)$/i.test(u.value),
    },
    reason: "Only multiple values and overline are unsupported.",
  },
  {
    features: ["text-align"],
    action: "ignore",
    when: { property: "text-align", every: (u) => !/\b(start|end)\b/i.test(u.value) },
    reason: "Only the flow-relative values start and end are unsupported.",
  },
  {
    features: ["border"],
    action: "ignore",
    when: {
      property: "border",
      every: (u) => u.element.tag !== "p" && u.element.tag !== "div" && maxPx(u.value) <= 8,
    },
    reason: "Outlook's limits are borders over 8px and borders on <p>/<div>.",
  },
  {
    features: ["background"],
    action: "ignore",
    when: { property: "background", every: (u) => !/\b(url|[a-z-]*gradient)\(/i.test(u.value) },
    reason: "Outlook supports the shorthand with a colour only.",
  },
  {
    features: ["white-space", "word-wrap", "overflow-wrap"],
    action: "warning",
    reason:
      "Clients lacking them ignore these wrapping hints: text wraps as if they were absent, nothing breaks.",
  },
  {
    features: ["border-radius"],
    action: "warning",
    reason: "Outlook shows square corners (e.g. on a round photo), a cosmetic difference.",
  },
];

const overridesByFeature = new Map(
  CANIEMAIL_OVERRIDES.flatMap((o) => o.features.map((feature) => [feature, o] as const)),
);

type Support = "full" | "partial" | "none";

interface FeatureVerdict {
  /** CSS properties a property feature stands for; null for other features. */
  properties: readonly string[] | null;
  support: ReadonlyMap<EmailClientKey, Support>;
}

let verdicts: ReadonlyMap<string, FeatureVerdict> | undefined;

function featureVerdicts(): ReadonlyMap<string, FeatureVerdict> {
  verdicts ??= buildVerdicts();
  return verdicts;
}

function buildVerdicts(): Map<string, FeatureVerdict> {
  const result = new Map<string, FeatureVerdict>();
  for (const feature of rawData.data) {
    const stats = feature.stats as unknown as Record<
      string,
      Record<string, Record<string, string> | undefined> | undefined
    >;
    const support = new Map<EmailClientKey, Support>();
    for (const { key } of EMAIL_CLIENTS) {
      const [family = "", platform = ""] = key.split(".");
      const versions = stats[family]?.[platform];
      if (!versions) continue;
      // Same rule as caniemail's getSupportType: the lexically greatest version key wins.
      const status = versions[Object.keys(versions).sort().at(-1) ?? ""] ?? "";
      support.set(
        key,
        status.startsWith("y") ? "full" : status.startsWith("n") ? "none" : "partial",
      );
    }
    result.set(feature.title, {
      properties: feature.category === "css" ? propertiesOf(feature.title) : null,
      support,
    });
  }
  return result;
}

/** Mirrors how caniemail maps property features to property names. */
function propertiesOf(title: string): readonly string[] | null {
  if (title === "left, right, top, bottom") return ["left", "right", "top", "bottom"];
  const name = title
    .trim()
    .replace(/ shorthand$/, "")
    .replace(/ property$/, "");
  return /^[a-z-]+$/.test(name) ? [name] : null;
}

interface Detection {
  title: string;
  line: number;
  column: number;
  end?: { line: number; column: number };
}

export function checkClientSupport(parsed: ParsedSignature): EmailSafetyIssue[] {
  if (parsed.source.trim() === "") return [];
  let result: CanIEmailResult;
  try {
    result = caniemail({ clients: DETECTION_CLIENTS, html: parsed.source });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return [
      {
        code: "client-check-failed",
        severity: "warning",
        message: {
          fr: `La compatibilité avec les messageries n'a pas pu être vérifiée, le CSS est mal formé (${detail}).`,
          en: `Email client support could not be checked because the CSS is malformed (${detail}).`,
        },
      },
    ];
  }

  const detections = new Map<string, Detection>();
  for (const map of [result.issues.errors, result.issues.warnings]) {
    for (const issues of map.values()) {
      for (const { title, position } of issues) {
        const line = position?.start.line ?? Number.MAX_SAFE_INTEGER;
        const column = position?.start.column ?? 0;
        const known = detections.get(title);
        if (!known || line < known.line || (line === known.line && column < known.column)) {
          detections.set(title, { title, line, column, end: position?.end });
        }
      }
    }
  }

  const ordered = [...detections.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  const issues: EmailSafetyIssue[] = [];
  let lineStarts: number[] | undefined;
  for (const detection of ordered) {
    const verdict = featureVerdicts().get(detection.title);
    if (!verdict) continue;
    // caniemail matches property features by substring (text-transform → transform,
    // line-height → height property, border-radius → border); keep only real uses.
    if (verdict.properties && !verdict.properties.some((p) => isPropertyUsed(parsed, p))) continue;
    const override = overridesByFeature.get(detection.title);
    if (override?.action === "ignore" && overrideApplies(parsed, override)) continue;
    lineStarts ??= computeLineStarts(parsed.source);
    const issue = toIssue(detection, verdict, override, parsed, lineStarts);
    if (issue) issues.push(issue);
  }
  return issues;
}

function isPropertyUsed(parsed: ParsedSignature, property: string): boolean {
  return parsed.inlineStyles.has(property) || parsed.stylesheetProperties.has(property);
}

function overrideApplies(parsed: ParsedSignature, override: CaniemailOverride): boolean {
  const { when } = override;
  if (!when) return true;
  if (parsed.stylesheetProperties.has(when.property)) return false;
  return (parsed.inlineStyles.get(when.property) ?? []).every(when.every);
}

function toIssue(
  detection: Detection,
  verdict: FeatureVerdict,
  override: CaniemailOverride | undefined,
  parsed: ParsedSignature,
  lineStarts: readonly number[],
): EmailSafetyIssue | undefined {
  const unsupported: (typeof EMAIL_CLIENTS)[number][] = [];
  const partial: (typeof EMAIL_CLIENTS)[number][] = [];
  for (const client of EMAIL_CLIENTS) {
    const support = verdict.support.get(client.key);
    if (support === "none") unsupported.push(client);
    else if (support === "partial") partial.push(client);
  }
  if (unsupported.length === 0 && partial.length === 0) return undefined;

  const blocking = override?.action !== "warning" && unsupported.some((c) => c.blocking);
  const title = detection.title;
  const list = (clients: typeof unsupported, lang: "fr" | "en") =>
    clients.map((c) => c.name[lang]).join(", ");
  let message: LocalizedMessage;
  if (unsupported.length > 0 && partial.length > 0) {
    message = {
      fr: `« ${title} » n'est pas pris en charge par ${list(unsupported, "fr")} et ne l'est que partiellement par ${list(partial, "fr")}.`,
      en: `"${title}" is not supported by ${list(unsupported, "en")} and only partially by ${list(partial, "en")}.`,
    };
  } else if (unsupported.length > 0) {
    message = {
      fr: `« ${title} » n'est pas pris en charge par ${list(unsupported, "fr")}.`,
      en: `"${title}" is not supported by ${list(unsupported, "en")}.`,
    };
  } else {
    message = {
      fr: `« ${title} » n'est que partiellement pris en charge par ${list(partial, "fr")}.`,
      en: `"${title}" is only partially supported by ${list(partial, "en")}.`,
    };
  }

  const issue: EmailSafetyIssue = {
    code: unsupported.length > 0 ? "client-unsupported" : "client-partial",
    severity: blocking ? "error" : "warning",
    clients: EMAIL_CLIENTS.filter((c) => unsupported.includes(c) || partial.includes(c)).map(
      (c) => c.key,
    ),
    feature: title,
    message,
  };
  // Positions of rules inside <style> are relative to the stylesheet, so only a position that
  // spans exactly an element we parsed is turned into an excerpt.
  const toOffset = (line: number, column: number) =>
    (lineStarts[line - 1] ?? Number.NaN) + column - 1;
  const start = toOffset(detection.line, detection.column);
  const element = parsed.elementsByStart.get(start);
  if (
    element &&
    detection.end &&
    toOffset(detection.end.line, detection.end.column) === element.end
  ) {
    issue.excerpt = openingTag(parsed.source, start);
  }
  return issue;
}

function computeLineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
