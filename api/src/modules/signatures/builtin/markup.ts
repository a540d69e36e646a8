/**
 * Building blocks of the built-in templates. They produce template *source* (HTML with
 * placeholders), checked by `compileTemplate` like any template the communication service writes.
 *
 * Email-safe by construction: nested tables with role="presentation" and zeroed spacing, the font
 * repeated on every cell (Outlook does not inherit it from tables), line heights with
 * mso-line-height-rule:exactly, padding on cells only, sized images with display:block, links
 * with an explicit colour. No class, no <style>, no margin, flex, grid or position.
 */
import type { FieldName } from "../template";

export type TemplateLanguage = "fr" | "en";
/** The kind of message the add-in is composing (same values as the campaigns' `Variant`). */
export type TemplateVariant = "new" | "reply" | "meeting";

export const TEMPLATE_LANGUAGES = ["fr", "en"] as const satisfies readonly TemplateLanguage[];
export const TEMPLATE_VARIANTS = [
  "new",
  "reply",
  "meeting",
] as const satisfies readonly TemplateVariant[];

/** Every language × variant source, built by `build`. */
export function buildSources(
  build: (language: TemplateLanguage, variant: TemplateVariant) => string,
): Record<TemplateLanguage, Record<TemplateVariant, string>> {
  const variants = (language: TemplateLanguage) => ({
    new: build(language, "new"),
    reply: build(language, "reply"),
    meeting: build(language, "meeting"),
  });
  return { fr: variants("fr"), en: variants("en") };
}

export interface Labels {
  tel: string;
  mobile: string;
  learnMore: string;
}

export const LABELS: Readonly<Record<TemplateLanguage, Labels>> = {
  fr: { tel: "Tél.", mobile: "Mob.", learnMore: "En savoir plus" },
  en: { tel: "Tel.", mobile: "Mobile", learnMore: "Learn more" },
};

export const color = {
  primary: "{{brand.primaryColor}}",
  secondary: "{{brand.secondaryColor}}",
  text: "{{brand.textColor}}",
  muted: "{{brand.mutedColor}}",
  white: "#ffffff",
} as const;

const FONT = "font-family:{{brand.fontStack}};";

export const TABLE =
  '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">';

export interface TextStyle {
  size: number;
  lineHeight: number;
  color: string;
  bold?: boolean;
}

/** Font declarations for a cell: family, size, exact line height, colour, weight. */
export function textStyle({ size, lineHeight, color: ink, bold = false }: TextStyle): string {
  return `${FONT}font-size:${size}px;line-height:${lineHeight}px;mso-line-height-rule:exactly;color:${ink};${bold ? "font-weight:bold;" : ""}`;
}

/** Declarations for a cell that only holds an image: no line box to add a gap under it. */
export const IMAGE_CELL = `${FONT}font-size:0;line-height:0;mso-line-height-rule:exactly;`;

/** `top right bottom left` in px, or "" for none. */
export function padding(top: number, right: number, bottom: number, left: number): string {
  return top || right || bottom || left
    ? `padding:${[top, right, bottom, left].map((n) => (n ? `${n}px` : "0")).join(" ")};`
    : "";
}

/** An opening cell tag, aligned with HTML attributes (Outlook reads those, not CSS). */
export function td(
  style: string,
  { align = "left", valign = "top", attributes = "" }: CellOptions = {},
): string {
  return `<td align="${align}" valign="${valign}"${attributes} style="${style}">`;
}

export interface CellOptions {
  align?: "left" | "right";
  valign?: "top" | "middle";
  /** More attributes, each with a leading space. */
  attributes?: string;
}

export function section(field: FieldName, content: string): string {
  return `{{#${field}}}${content}{{/${field}}}`;
}

export function inverted(field: FieldName, content: string): string {
  return `{{^${field}}}${content}{{/${field}}}`;
}

/**
 * `content` once when at least one of `fields` is non-empty. Mustache has no "or": each field
 * is tried in turn, the next one only when the previous ones are empty.
 */
export function anyOf(fields: readonly FieldName[], content: string): string {
  const [first, ...rest] = fields;
  if (first === undefined) return "";
  if (rest.length === 0) return section(first, content);
  return section(first, content) + inverted(first, anyOf(rest, content));
}

export interface InlineItem {
  /** The item shows only when this field is non-empty. */
  field: FieldName;
  html: string;
}

/**
 * Items on one line, each shown only when its field is non-empty, with `separator` only between
 * two shown items: never a leading, trailing or doubled separator.
 */
export function inlineList(items: readonly InlineItem[], separator: string): string {
  return items
    .map(({ field, html }, index) =>
      section(
        field,
        anyOf(
          items.slice(0, index).map((item) => item.field),
          separator,
        ) + html,
      ),
    )
    .join("");
}

/** `open`, `content`, `close`, the tags only when at least one of `fields` is non-empty. */
export function wrapIfAny(
  fields: readonly FieldName[],
  open: string,
  content: string,
  close: string,
): string {
  return anyOf(fields, open) + content + anyOf(fields, close);
}

/** A table row holding `content`, present only when at least one of `fields` is non-empty. */
export function rowIfAny(fields: readonly FieldName[], cellStyle: string, content: string): string {
  return wrapIfAny(fields, `\n<tr>${td(cellStyle)}`, content, "</td></tr>");
}

/** A row of items on one line (see `inlineList`), absent when every item is empty. */
export function inlineRow(
  items: readonly InlineItem[],
  cellStyle: string,
  separator: string,
): string {
  return rowIfAny(
    items.map((item) => item.field),
    cellStyle,
    inlineList(items, separator),
  );
}

/** A plain row, always present. */
export function row(cellStyle: string, content: string): string {
  return `\n<tr>${td(cellStyle)}${content}</td></tr>`;
}

export function link(href: string, ink: string, text: string, extraStyle = ""): string {
  return `<a href="${href}" style="color:${ink};text-decoration:none;${extraStyle}">${text}</a>`;
}

/**
 * The separator between inline items, in the cell's colour (rows of items are muted and each
 * item sets its own colour). Non-breaking spaces keep it off the next line's start; the plain
 * space lets a long line wrap after it. Kept short: `inlineList` repeats it in the source.
 */
export const SEPARATOR = "&nbsp;&nbsp;|&nbsp; ";

/** " (elle)" after the name, small and muted, only when pronouns are set. */
export function pronouns(size: number): string {
  return section(
    "pronouns",
    `&nbsp;<span style="font-size:${size}px;font-weight:normal;color:${color.muted};">({{pronouns}})</span>`,
  );
}

/**
 * A phone number, linked only when it has a valid tel: form (an extension like "poste 12" stays
 * text rather than becoming a dead link).
 */
function phoneNumber(kind: "business" | "mobile", ink: string): string {
  const display: FieldName = kind === "business" ? "businessPhone" : "mobilePhone";
  const tel: FieldName = kind === "business" ? "businessPhoneTel" : "mobilePhoneTel";
  return (
    section(tel, link(`{{${tel}}}`, ink, `{{${display}}}`)) +
    inverted(tel, `<span style="color:${ink};">{{${display}}}</span>`)
  );
}

/** "Tél. +687 41 40 52": label and number kept together by a non-breaking space. */
export function phoneItem(
  kind: "business" | "mobile",
  labels: Labels,
  labelInk: string,
  numberInk: string,
): InlineItem {
  const label = kind === "business" ? labels.tel : labels.mobile;
  return {
    field: kind === "business" ? "businessPhone" : "mobilePhone",
    html: `<span style="color:${labelInk};font-weight:bold;">${label}</span>&nbsp;${phoneNumber(kind, numberInk)}`,
  };
}

/** Desk phone, else mobile: the one number a short signature shows. */
export function onePhone(
  labels: Labels,
  labelInk: string,
  numberInk: string,
): { fields: FieldName[]; html: string } {
  const business = phoneItem("business", labels, labelInk, numberInk);
  const mobile = phoneItem("mobile", labels, labelInk, numberInk);
  return {
    fields: ["businessPhone", "mobilePhone"],
    html:
      section("businessPhone", business.html) +
      inverted("businessPhone", section("mobilePhone", mobile.html)),
  };
}

export function mailItem(ink: string): InlineItem {
  return { field: "mail", html: link("mailto:{{mail}}", ink, "{{mail}}") };
}

/** The website, shown by its label or, without one, by its address. */
export function websiteItem(ink: string): InlineItem {
  return {
    field: "brand.websiteUrl",
    html: link(
      "{{brand.websiteUrl}}",
      ink,
      section("brand.websiteLabel", "{{brand.websiteLabel}}") +
        inverted("brand.websiteLabel", "{{brand.websiteUrl}}"),
    ),
  };
}

/** Facebook, YouTube and the app stores, as text links (no icon to host or to get blocked). */
export function socialItems(ink: string, extraStyle = ""): InlineItem[] {
  return [
    {
      field: "brand.facebookUrl",
      html: link("{{brand.facebookUrl}}", ink, "Facebook", extraStyle),
    },
    { field: "brand.youtubeUrl", html: link("{{brand.youtubeUrl}}", ink, "YouTube", extraStyle) },
    {
      field: "brand.appStoreUrl",
      html: link("{{brand.appStoreUrl}}", ink, "App Store", extraStyle),
    },
    {
      field: "brand.playStoreUrl",
      html: link("{{brand.playStoreUrl}}", ink, "Google Play", extraStyle),
    },
  ];
}

/**
 * The brand's logo when it has one, otherwise its name written out in `nameStyle`, so a template
 * never shows an empty slot. The logo links to the website when there is one.
 */
export function logoOrNameRow(nameStyle: string, logoPadding: string): string {
  const image =
    '<img src="{{brand.logoUrl}}" width="{{brand.logoWidth}}" height="{{brand.logoHeight}}" alt="{{brand.logoAlt}}" style="display:block;border:0;">';
  const logo =
    section("brand.websiteUrl", link("{{brand.websiteUrl}}", color.primary, image)) +
    inverted("brand.websiteUrl", image);
  return (
    section("brand.logoUrl", row(IMAGE_CELL + logoPadding, logo)) +
    inverted("brand.logoUrl", section("brand.name", row(nameStyle, "{{brand.name}}")))
  );
}

/**
 * The campaign banner at the size the campaign gives, linked when it has a link. The section
 * disappears when no campaign applies: whether one applies to replies is the campaign's
 * placement, decided before rendering (see campaigns/banner-selection `placementCovers`).
 */
export function bannerImage(): string {
  const image =
    '<img src="{{banner.imageUrl}}" width="{{banner.width}}" height="{{banner.height}}" alt="{{banner.alt}}" style="display:block;border:0;">';
  return (
    section("banner.clickUrl", link("{{banner.clickUrl}}", color.primary, image)) +
    inverted("banner.clickUrl", image)
  );
}

/** The banner on its own row, `top` px under what precedes it. */
export function bannerRow(top: number): string {
  return section("banner", row(IMAGE_CELL + padding(top, 0, 0, 0), bannerImage()));
}

/** The legal line: small, muted, under everything else. */
export function legalRow(top: number): string {
  return section(
    "brand.legalText",
    row(
      textStyle({ size: 10, lineHeight: 14, color: color.muted }) + padding(top, 0, 0, 0),
      "{{brand.legalText}}",
    ),
  );
}

/** A thin coloured rule `width` px wide, as a cell background (borders vary across clients). */
export function accentRule(width: number, height: number, ink: string, around: string): string {
  const bar = `${TABLE}<tr><td align="left" valign="top" width="${width}" height="${height}" bgcolor="${ink}" style="width:${width}px;background-color:${ink};${FONT}font-size:${height}px;line-height:${height}px;mso-line-height-rule:exactly;">&nbsp;</td></tr></table>`;
  return row(IMAGE_CELL + around, bar);
}
