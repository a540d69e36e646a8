import {
  bannerImage,
  buildSources,
  color,
  IMAGE_CELL,
  type InlineItem,
  inlineList,
  inlineRow,
  inverted,
  LABELS,
  type Labels,
  legalRow,
  link,
  mailItem,
  onePhone,
  padding,
  phoneItem,
  pronouns,
  row,
  rowIfAny,
  SEPARATOR,
  section,
  socialItems,
  TABLE,
  type TemplateLanguage,
  type TemplateVariant,
  td,
  textStyle,
  websiteItem,
  wrapIfAny,
} from "./markup";
import type { BuiltinTemplate } from "./types";

const small = textStyle({ size: 12, lineHeight: 18, color: color.text });
const mutedSmall = textStyle({ size: 12, lineHeight: 18, color: color.muted });
const band = textStyle({ size: 12, lineHeight: 18, color: color.white });
/** As wide as the banner it captions, whatever the width of the legal line below. */
const BANNER_WIDTH_TABLE = TABLE.replace("<table ", '<table width="{{banner.width}}" ');

const brandNameItem: InlineItem = {
  field: "brand.name",
  html: `<span style="color:${color.secondary};font-weight:bold;">{{brand.name}}</span>`,
};

function identity(labels: Labels, variant: TemplateVariant): string {
  const name = row(
    textStyle({ size: 16, lineHeight: 21, color: color.primary, bold: true }),
    `{{displayName}}${pronouns(12)}`,
  );
  const roleItems: InlineItem[] = [
    { field: "jobTitle", html: `<span style="color:${color.text};">{{jobTitle}}</span>` },
    { field: "department", html: "{{department}}" },
  ];
  // A reply has no brand band: the commune's name joins the role line.
  if (variant === "reply") roleItems.push(brandNameItem);
  const role = inlineRow(roleItems, mutedSmall, SEPARATOR);
  const phones: InlineItem[] = [
    phoneItem("business", labels, color.primary, color.text),
    phoneItem("mobile", labels, color.primary, color.text),
  ];
  if (variant === "reply") {
    const phone = onePhone(labels, color.primary, color.text);
    return name + role + rowIfAny(phone.fields, small, phone.html);
  }
  if (variant === "meeting") return name + role + inlineRow(phones, mutedSmall, SEPARATOR);
  return name + role + inlineRow([...phones, mailItem(color.primary)], mutedSmall, SEPARATOR);
}

/** A band in the primary colour: the cell carries both bgcolor and background-color. */
function bandCell(align: "left" | "right"): string {
  return td(`${band}background-color:${color.primary};${padding(8, 12, 8, 12)}`, {
    align,
    valign: "middle",
    attributes: ` bgcolor="${color.primary}"`,
  });
}

/**
 * The campaign, made prominent: the banner, then a caption band in the primary colour repeating
 * its text and a call to action. Outlook blocks remote images until the reader allows them;
 * the caption still carries the message meanwhile.
 */
function campaign(labels: Labels, withCaption: boolean): string {
  const cta = link(
    "{{banner.clickUrl}}",
    color.white,
    `${labels.learnMore}&nbsp;&rsaquo;`,
    "font-weight:bold;",
  );
  const caption = wrapIfAny(
    ["banner.alt", "banner.clickUrl"],
    `\n<tr>${td(IMAGE_CELL)}${BANNER_WIDTH_TABLE}<tr>`,
    section("banner.alt", `${bandCell("left")}{{banner.alt}}</td>`) +
      section("banner.clickUrl", `${bandCell("right")}${cta}</td>`),
    "</tr></table></td></tr>",
  );
  return section(
    "banner",
    row(IMAGE_CELL + padding(14, 0, 0, 0), bannerImage()) + (withCaption ? caption : ""),
  );
}

/** The commune and its links: on white under a campaign, as a coloured band without one. */
function brandLinks(variant: TemplateVariant): string {
  const onWhite: InlineItem[] = [
    brandNameItem,
    websiteItem(color.primary),
    ...socialItems(color.primary),
  ];
  const onBand: InlineItem[] = [
    { field: "brand.name", html: "<b>{{brand.name}}</b>" },
    websiteItem(color.white),
    ...socialItems(color.white),
  ];
  if (variant === "reply") return "";
  const whiteRow = inlineRow(onWhite, mutedSmall + padding(8, 0, 0, 0), SEPARATOR);
  const bandRow = wrapIfAny(
    onBand.map((item) => item.field),
    `\n<tr>${td(IMAGE_CELL + padding(12, 0, 0, 0))}${TABLE}<tr>${bandCell("left")}`,
    inlineList(onBand, SEPARATOR),
    "</td></tr></table></td></tr>",
  );
  return section("banner", whiteRow) + inverted("banner", bandRow);
}

function source(language: TemplateLanguage, variant: TemplateVariant): string {
  const labels = LABELS[language];
  return `${TABLE}
<tr>${td(IMAGE_CELL)}${TABLE}${identity(labels, variant)}
</table></td></tr>${campaign(labels, variant !== "reply")}${brandLinks(variant)}${variant === "new" ? legalRow(12) : ""}
</table>`;
}

export const evenementiel: BuiltinTemplate = {
  key: "evenementiel",
  name: { fr: "Événementiel", en: "Campaign" },
  description: {
    fr: "Pour les périodes de campagne : une identité resserrée au-dessus d'une bannière mise en avant, suivie d'un bandeau à la couleur principale qui reprend son message et invite à cliquer. Sans campagne, le bandeau présente la Ville et ses liens.",
    en: "For campaign periods: a compact identity above a prominent banner, followed by a band in the primary colour repeating its message with a call to action. Without a campaign, the band presents the commune and its links.",
  },
  sources: buildSources(source),
};
