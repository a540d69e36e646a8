import {
  accentRule,
  anyOf,
  bannerRow,
  buildSources,
  color,
  IMAGE_CELL,
  type InlineItem,
  inlineRow,
  LABELS,
  legalRow,
  logoOrNameRow,
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
} from "./markup";
import type { BuiltinTemplate } from "./types";

/** Displayed size of the agent's photo; the stored file is a square, possibly larger for HiDPI. */
const PHOTO = 80;

const body = textStyle({ size: 13, lineHeight: 19, color: color.text });
const small = textStyle({ size: 12, lineHeight: 18, color: color.text });
const mutedSmall = textStyle({ size: 12, lineHeight: 18, color: color.muted });

function name(size: number, lineHeight: number): string {
  return row(
    textStyle({ size, lineHeight, color: color.primary, bold: true }),
    `{{displayName}}${pronouns(12)}`,
  );
}

const brandName = textStyle({ size: 12, lineHeight: 18, color: color.secondary, bold: true });

function identity(variant: TemplateVariant): string {
  if (variant === "reply") {
    // Short: the commune's name shares the department's line, and no logo.
    return (
      name(15, 20) +
      section("jobTitle", row(small, "{{jobTitle}}")) +
      inlineRow(
        [
          { field: "department", html: "{{department}}" },
          {
            field: "brand.name",
            html: `<span style="color:${color.secondary};font-weight:bold;">{{brand.name}}</span>`,
          },
        ],
        mutedSmall,
        SEPARATOR,
      )
    );
  }
  return (
    name(17, 22) +
    section("jobTitle", row(body, "{{jobTitle}}")) +
    section("department", row(mutedSmall, "{{department}}")) +
    logoOrNameRow(brandName, padding(8, 0, 0, 0))
  );
}

function contacts(language: TemplateLanguage, variant: TemplateVariant): string {
  const labels = LABELS[language];
  if (variant === "reply") {
    const phone = onePhone(labels, color.primary, color.text);
    return rowIfAny(phone.fields, small + padding(4, 0, 0, 0), phone.html);
  }
  const phones: InlineItem[] = [
    phoneItem("business", labels, color.primary, color.text),
    phoneItem("mobile", labels, color.primary, color.text),
  ];
  const links: InlineItem[] = [mailItem(color.primary), websiteItem(color.primary)];
  const social = socialItems(color.primary);
  const shown = variant === "meeting" ? phones : [...phones, ...links, ...social];
  // The accent rule opens the contact block, so it only shows when the block has something.
  const rule = anyOf(
    [
      ...shown.map((item) => item.field),
      ...(variant === "meeting" ? [] : ["brand.address" as const]),
    ],
    accentRule(32, 2, color.secondary, padding(8, 0, 8, 0)),
  );
  if (variant === "meeting") return rule + inlineRow(phones, mutedSmall, SEPARATOR);
  return (
    rule +
    inlineRow(phones, mutedSmall, SEPARATOR) +
    inlineRow(links, mutedSmall, SEPARATOR) +
    section("brand.address", row(mutedSmall, "{{brand.address}}")) +
    inlineRow(social, mutedSmall + padding(2, 0, 0, 0), SEPARATOR)
  );
}

function source(language: TemplateLanguage, variant: TemplateVariant): string {
  const details = `${TABLE}${identity(variant)}${contacts(language, variant)}\n</table>`;
  // Only a new message shows the photo, in a column left of the details.
  const main =
    variant === "new"
      ? `${TABLE}
<tr>${section(
          "photo",
          `${td(IMAGE_CELL + padding(3, 16, 0, 0))}<img src="{{photo.url}}" width="${PHOTO}" height="${PHOTO}" alt="{{displayName}}" style="display:block;border:0;"></td>`,
        )}${td(IMAGE_CELL)}${details}</td></tr>
</table>`
      : details;
  return `${TABLE}
<tr>${td(IMAGE_CELL)}${main}</td></tr>${bannerRow(variant === "reply" ? 10 : 14)}${variant === "new" ? legalRow(12) : ""}
</table>`;
}

export const institutionnel: BuiltinTemplate = {
  key: "institutionnel",
  name: { fr: "Institutionnel", en: "Institutional" },
  description: {
    fr: "Le modèle par défaut de la Ville : photo de l'agent à gauche, nom en couleur principale, fonction, service, téléphones, courriel, site, adresse, réseaux sociaux, bannière de campagne et mention de confidentialité.",
    en: "The commune's default template: the agent's photo on the left, name in the primary colour, job title, department, phones, email, website, address, social links, campaign banner and confidentiality notice.",
  },
  sources: buildSources(source),
};
