import Mustache from "mustache";
import { quote, suggestField, type TemplateError, templateError } from "./errors";
import { type FieldName, findField, type SignatureView, signatureFields } from "./fields";
import { findForbiddenHtml, startsUrlAttribute } from "./html-guard";
import { escapeHtml, sanitizeValue } from "./sanitize";
import { joinTexts, scanTags, type TagKind, type TagScan, textBefore } from "./tags";
import { planOf, type RenderPlan, renderPlan, type Token } from "./walker";

/** Longest accepted template source, in UTF-16 code units (String.length). */
export const MAX_TEMPLATE_LENGTH = 20_000;
/** An editor needs the first problems, not thousands of copies of the same one. */
export const MAX_TEMPLATE_ERRORS = 50;

const TAGS: [string, string] = ["{{", "}}"];

/** A template that passed every check; only `renderTemplate` can use it. */
export interface CompiledTemplate {
  readonly source: string;
  /** Registered fields the template uses (values and sections), in order of first use. */
  readonly fields: readonly FieldName[];
}

export type CompileResult =
  | { ok: true; template: CompiledTemplate }
  | { ok: false; errors: TemplateError[] };

// Plans live here rather than on the object so that only validated trees are ever rendered.
const compiledPlans = new WeakMap<CompiledTemplate, RenderPlan>();

type TagCheck = { error: TemplateError | null; field: FieldName | null };

function checkTag(source: string, kind: TagKind, name: string, start: number, end: number) {
  const tag = source.slice(start, end);
  const fail = (code: TemplateError["code"], fr: string, en: string): TagCheck => ({
    error: templateError(source, code, start, end, { fr, en }),
    field: null,
  });
  switch (kind) {
    case "!":
    case "/":
      return { error: null, field: null };
    case "&":
    case "{":
      return fail(
        "raw_output_forbidden",
        `${quote(tag, "fr")} insérerait du HTML brut : écrivez {{${name}}}, dont la valeur est échappée.`,
        `${quote(tag, "en")} would insert raw HTML: write {{${name}}}, whose value is escaped.`,
      );
    case ">":
      return fail(
        "partial_forbidden",
        `Les modèles partiels (${quote(tag, "fr")}) ne sont pas permis.`,
        `Partials (${quote(tag, "en")}) are not allowed.`,
      );
    case "=":
      return fail(
        "delimiter_change_forbidden",
        `Le changement de délimiteurs (${quote(tag, "fr")}) n'est pas permis : gardez {{ }}.`,
        `Changing delimiters (${quote(tag, "en")}) is not allowed: keep {{ }}.`,
      );
  }
  const field = findField(name);
  if (!field) {
    const suggestion = suggestField(name);
    return fail(
      "unknown_field",
      `Champ inconnu ${quote(name, "fr")}.${suggestion ? ` Vouliez-vous dire ${quote(suggestion, "fr")} ?` : ""}`,
      `Unknown field ${quote(name, "en")}.${suggestion ? ` Did you mean ${quote(suggestion, "en")}?` : ""}`,
    );
  }
  if (kind === "name" && field.kind === "object") {
    const member = signatureFields.find((entry) => entry.name.startsWith(`${name}.`))?.name;
    return fail(
      "object_field_as_value",
      `${quote(name, "fr")} est un groupe : utilisez {{#${name}}}…{{/${name}}} et affichez ses champs, par exemple {{${member}}}.`,
      `${quote(name, "en")} is a group: use {{#${name}}}…{{/${name}}} and show its fields, for example {{${member}}}.`,
    );
  }
  if ((kind === "#" || kind === "^") && !field.sectionable) {
    return fail(
      "field_not_sectionable",
      `Le champ ${quote(name, "fr")} ne peut pas servir de section.`,
      `Field ${quote(name, "en")} cannot be used as a section.`,
    );
  }
  return { error: null, field: field.name };
}

/** Pinpoints why mustache refused the template, using the mirror scan's exact offsets. */
function syntaxErrors(source: string, failure: unknown, scan: TagScan): TemplateError[] {
  const errors: TemplateError[] = [];
  const open: { name: string; start: number; end: number }[] = [];
  for (const tag of scan.tags) {
    if (tag.kind === "#" || tag.kind === "^") {
      open.push({ name: tag.value, start: tag.start, end: tag.end });
    } else if (tag.kind === "/") {
      const section = open.pop();
      if (!section) {
        errors.push(
          templateError(source, "unbalanced_section", tag.start, tag.end, {
            fr: `{{/${tag.value}}} ferme une section qui n'a pas été ouverte.`,
            en: `{{/${tag.value}}} closes a section that was never opened.`,
          }),
        );
        return errors;
      }
      if (section.name !== tag.value) {
        errors.push(
          templateError(source, "unbalanced_section", tag.start, tag.end, {
            fr: `{{/${tag.value}}} ferme la section ${quote(section.name, "fr")} : attendu {{/${section.name}}}.`,
            en: `{{/${tag.value}}} closes section ${quote(section.name, "en")}: expected {{/${section.name}}}.`,
          }),
        );
        return errors;
      }
    } else if (tag.kind === "=") {
      // Past a delimiter change the mirror cannot follow; the tag check reports the change.
      return errors;
    }
  }
  if (scan.unclosedTagAt !== null) {
    errors.push(
      templateError(source, "unclosed_tag", scan.unclosedTagAt, scan.unclosedTagAt + 2, {
        fr: "Balise non fermée : il manque }}.",
        en: "Unclosed tag: }} is missing.",
      }),
    );
    return errors;
  }
  for (const section of open) {
    errors.push(
      templateError(source, "unbalanced_section", section.start, section.end, {
        fr: `La section ${quote(section.name, "fr")} n'est jamais fermée : ajoutez {{/${section.name}}}.`,
        en: `Section ${quote(section.name, "en")} is never closed: add {{/${section.name}}}.`,
      }),
    );
  }
  if (errors.length > 0) return errors;
  const detail = failure instanceof Error ? failure.message : String(failure);
  const at = Number(/ at (\d+)$/.exec(detail)?.[1] ?? 0);
  const index = Math.min(Number.isSafeInteger(at) ? at : 0, source.length);
  return [
    templateError(source, "syntax_error", index, index, {
      fr: `Erreur de syntaxe : ${detail}`,
      en: `Syntax error: ${detail}`,
    }),
  ];
}

function isTagKind(kind: string): kind is TagKind {
  return ["name", "#", "^", "/", ">", "{", "&", "=", "!"].includes(kind);
}

/**
 * Parses and validates a template. Never throws on bad input: every problem comes back as a
 * TemplateError with a position, sorted by position, at most MAX_TEMPLATE_ERRORS of them.
 */
export function compileTemplate(source: string): CompileResult {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    const [fr, en] = ["fr-FR", "en-US"].map((locale) => ({
      length: source.length.toLocaleString(locale),
      limit: MAX_TEMPLATE_LENGTH.toLocaleString(locale),
    })) as [{ length: string; limit: string }, { length: string; limit: string }];
    return {
      ok: false,
      errors: [
        templateError(source, "template_too_large", MAX_TEMPLATE_LENGTH, source.length, {
          fr: `Le modèle compte ${fr.length} caractères, au-delà de la limite de ${fr.limit}.`,
          en: `The template has ${en.length} characters, over the ${en.limit} limit.`,
        }),
      ],
    };
  }

  const scan = scanTags(source);
  const html = joinTexts(source, scan.texts);
  const errors = findForbiddenHtml(source, html);
  const fields = new Set<FieldName>();
  const check = (kind: TagKind, name: string, start: number, end: number) => {
    const result = checkTag(source, kind, name, start, end);
    if (result.error) errors.push(result.error);
    if (!result.field) return;
    fields.add(result.field);
    const { kind: fieldKind } = findField(result.field) ?? {};
    if (
      kind === "name" &&
      fieldKind !== "url" &&
      fieldKind !== "tel" &&
      startsUrlAttribute(textBefore(html, start, 80))
    ) {
      errors.push(
        templateError(source, "unsafe_url_placeholder", start, end, {
          fr: `{{${name}}} ne peut pas commencer une adresse de lien ou d'image : seuls les champs de type url ou tel le peuvent (écrivez par exemple mailto:{{mail}}).`,
          en: `{{${name}}} cannot start a link or image address: only url and tel fields can (write, for example, mailto:{{mail}}).`,
        }),
      );
    }
  };

  let tokens: Token[] | null = null;
  try {
    // A fresh writer per call: the shared one caches every source it has parsed, forever.
    tokens = new Mustache.Writer().parse(source, TAGS) as Token[];
  } catch (failure) {
    errors.push(...syntaxErrors(source, failure, scan));
    // The mirror scan still lets the author see the other problems in the same pass.
    for (const tag of scan.tags) check(tag.kind, tag.value, tag.start, tag.end);
  }

  if (tokens) {
    const visit = (list: readonly Token[]) => {
      for (const [kind, value, start, end, children] of list) {
        if (kind === "text") continue;
        if (!isTagKind(kind)) {
          // Fail closed on a token kind this code does not know (a future mustache version).
          errors.push(
            templateError(source, "syntax_error", start, end, {
              fr: `Balise non reconnue ${quote(source.slice(start, end), "fr")}.`,
              en: `Unrecognised tag ${quote(source.slice(start, end), "en")}.`,
            }),
          );
          continue;
        }
        // mustache folds {{{x}}} into "&"; the source tells which one the author wrote.
        check(kind === "&" && source.startsWith("{{{", start) ? "{" : kind, value, start, end);
        if ((kind === "#" || kind === "^") && Array.isArray(children)) visit(children as Token[]);
      }
    };
    visit(tokens);
  }

  if (!tokens && errors.length === 0) {
    // Unreachable while the mirror scan matches mustache; fail closed if it ever drifts.
    errors.push(
      templateError(source, "syntax_error", 0, 0, {
        fr: "Erreur de syntaxe dans le modèle.",
        en: "Syntax error in the template.",
      }),
    );
  }
  if (errors.length > 0 || !tokens) {
    errors.sort((a, b) => a.start - b.start || a.end - b.end);
    return { ok: false, errors: errors.slice(0, MAX_TEMPLATE_ERRORS) };
  }
  const template: CompiledTemplate = Object.freeze({
    source,
    fields: Object.freeze([...fields]),
  });
  compiledPlans.set(template, planOf(tokens, slotOf));
  return { ok: true, template };
}

type MustacheView = Record<string, unknown>;

/** A prototype-less object, so names like `constructor` or `__proto__` resolve to nothing. */
function bareObject(): MustacheView {
  return Object.create(null) as MustacheView;
}

// A group is shown only when the member that makes it meaningful is valid.
const REQUIRED_MEMBER: Readonly<Record<string, string>> = { photo: "url", banner: "imageUrl" };
const TEL_SOURCE: Readonly<Record<string, string>> = {
  businessPhoneTel: "businessPhone",
  mobilePhoneTel: "mobilePhone",
};

function read(object: unknown, key: string): unknown {
  return typeof object === "object" && object !== null && Object.hasOwn(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;
}

/**
 * Only registry fields, sanitised, in null-prototype objects; never functions or arrays.
 * Own properties only, so a polluted Object.prototype cannot supply values.
 */
/** Sanitised brand groups by brand object: a bulk render passes the same brand 50,000 times. */
const brandGroups = new WeakMap<object, MustacheView>();

// The brand kit's registered members, in registry order.
const BRAND_MEMBERS = signatureFields.flatMap((entry) => {
  const [head, member] = entry.name.split(".") as [string, string | undefined];
  return head === "brand" && member !== undefined && entry.kind !== "object"
    ? [{ name: entry.name, kind: entry.kind, member }]
    : [];
});

function brandGroup(brand: unknown): MustacheView {
  const cached = typeof brand === "object" && brand !== null ? brandGroups.get(brand) : undefined;
  if (cached) return cached;
  const group = bareObject();
  for (const entry of BRAND_MEMBERS) {
    group[entry.member] = sanitizeValue(entry.kind, read(brand, entry.member), entry.name);
  }
  if (typeof brand === "object" && brand !== null) brandGroups.set(brand, group);
  return group;
}

// Where each registry field goes in the view, worked out once rather than per agent.
const VIEW_FIELDS = signatureFields.flatMap((entry) => {
  if (entry.kind === "object") return [];
  const [head, member] = entry.name.split(".") as [string, string | undefined];
  if (head === "brand") return [];
  const telSource = Object.hasOwn(TEL_SOURCE, head) ? TEL_SOURCE[head] : undefined;
  return [{ name: entry.name, kind: entry.kind, head, member, telSource }];
});
const TOP_FIELDS = VIEW_FIELDS.filter((field) => field.member === undefined);
type ViewField = (typeof VIEW_FIELDS)[number];
const GROUP_FIELDS = new Map<string, (ViewField & { member: string })[]>();
for (const field of VIEW_FIELDS) {
  if (field.member === undefined) continue;
  const members = GROUP_FIELDS.get(field.head) ?? [];
  members.push({ ...field, member: field.member });
  GROUP_FIELDS.set(field.head, members);
}

/** The sanitised view templates render from (exported for the renderer's differential test). */
// Sanitised groups by source object: a bulk render passes the same banner object to every
// agent who gets that banner (and the same brand to everyone).
const sanitisedGroups = new WeakMap<object, MustacheView | null>();

function groupOf(head: string, source: unknown, sanitise: () => MustacheView): MustacheView | null {
  const cacheable = typeof source === "object" && source !== null;
  if (cacheable && sanitisedGroups.has(source)) return sanitisedGroups.get(source) ?? null;
  const group = sanitise();
  const required = Object.hasOwn(REQUIRED_MEMBER, head) ? REQUIRED_MEMBER[head] : undefined;
  const result = required !== undefined && group[required] === null ? null : group;
  if (cacheable) sanitisedGroups.set(source, result);
  return result;
}

// The flat view the walker renders from: a slot per registered name, in registry order.
const SLOTS = new Map(signatureFields.map((entry, index) => [entry.name as string, index]));

function slotOf(name: string): number {
  const slot = SLOTS.get(name);
  if (slot === undefined) throw new TypeError(`"${name}" is not a registered field`);
  return slot;
}

// The walker resolves every name at the root (see walker.ts). That holds only while no group
// member is named like a field or a group: a section over the group would otherwise hide it.
for (const members of [...GROUP_FIELDS.values(), BRAND_MEMBERS]) {
  for (const { member } of members) {
    if (SLOTS.has(member) || GROUP_FIELDS.has(member) || member === "brand") {
      throw new Error(
        `Group member "${member}" is named like a field or a group: rename it (see walker.ts)`,
      );
    }
  }
}

const TOP_SLOTS = TOP_FIELDS.map((field) => slotOf(field.name));
const GROUP_SLOTS = [...GROUP_FIELDS].map(([head, members]) => ({
  head,
  slot: SLOTS.get(head),
  members,
  memberSlots: members.map((field) => slotOf(field.name)),
}));
const BRAND_SLOTS = BRAND_MEMBERS.map((field) => slotOf(field.name));
// The brand kit's member values in slot order, by sanitised brand group (one per bulk run).
const brandValues = new WeakMap<MustacheView, readonly unknown[]>();

function brandValuesOf(group: MustacheView): readonly unknown[] {
  let values = brandValues.get(group);
  if (!values) {
    values = BRAND_MEMBERS.map(({ member }) => group[member]);
    brandValues.set(group, values);
  }
  return values;
}

/**
 * The sanitised view laid out by slot: the same values as `toMustacheView`, each where the
 * render plan reads it (an absent group leaves its members undefined).
 */
function toSlots(view: SignatureView): unknown[] {
  const values = new Array<unknown>(SLOTS.size);
  for (let index = 0; index < TOP_FIELDS.length; index += 1) {
    values[TOP_SLOTS[index] as number] = topValue(view, TOP_FIELDS[index] as ViewField);
  }
  for (const { head, slot, members, memberSlots } of GROUP_SLOTS) {
    const group = sanitisedGroup(head, read(view, head), members);
    if (slot !== undefined) values[slot] = group;
    if (!group) continue;
    for (let index = 0; index < memberSlots.length; index += 1) {
      values[memberSlots[index] as number] = group[(members[index] as { member: string }).member];
    }
  }
  const brand = brandValuesOf(brandGroup(read(view, "brand")));
  for (let index = 0; index < BRAND_SLOTS.length; index += 1) {
    values[BRAND_SLOTS[index] as number] = brand[index];
  }
  return values;
}

function topValue(view: SignatureView, field: ViewField): unknown {
  return (
    sanitizeValue(field.kind, read(view, field.head), field.name) ??
    (field.telSource === undefined ? null : sanitizeValue(field.kind, read(view, field.telSource)))
  );
}

function sanitisedGroup(
  head: string,
  source: unknown,
  members: readonly (ViewField & { member: string })[],
): MustacheView | null {
  return groupOf(head, source, () => {
    const group = bareObject();
    for (const field of members) {
      group[field.member] = sanitizeValue(field.kind, read(source, field.member), field.name);
    }
    return group;
  });
}

/** The sanitised view as mustache takes it: the renderer's oracle in its differential test. */
export function toMustacheView(view: SignatureView): MustacheView {
  const root = bareObject();
  for (const field of TOP_FIELDS) root[field.head] = topValue(view, field);
  for (const [head, members] of GROUP_FIELDS) {
    root[head] = sanitisedGroup(head, read(view, head), members);
  }
  root.brand = brandGroup(read(view, "brand"));
  return root;
}

/**
 * Renders a compiled template. Values are sanitised (see sanitize.ts) then HTML-escaped;
 * mustache never re-parses them, so `{{x}}` inside a value comes out literally.
 *
 * Sections: on a text, `{{#x}}…{{/x}}` renders once when x is non-empty and not at all when
 * empty; on a group (photo, banner) it renders once with the group as context, and not at all
 * when the group is absent; `{{^x}}…{{/x}}` renders only when x is empty.
 */
export function renderTemplate(template: CompiledTemplate, view: SignatureView): string {
  const plan = compiledPlans.get(template);
  if (!plan) throw new TypeError("renderTemplate needs a template returned by compileTemplate");
  // The view holds only strings, numbers, null and groups; the plan has no partials or lambdas.
  return renderPlan(plan, toSlots(view), escapeHtml);
}
