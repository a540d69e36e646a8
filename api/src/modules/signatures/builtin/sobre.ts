import {
  bannerRow,
  buildSources,
  color,
  IMAGE_CELL,
  type InlineItem,
  inlineRow,
  LABELS,
  legalRow,
  mailItem,
  onePhone,
  padding,
  phoneItem,
  pronouns,
  row,
  rowIfAny,
  SEPARATOR,
  TABLE,
  type TemplateLanguage,
  type TemplateVariant,
  td,
  textStyle,
  websiteItem,
} from "./markup";
import type { BuiltinTemplate } from "./types";

const BAR_WIDTH = 3;

const small = textStyle({ size: 12, lineHeight: 17, color: color.text });
const mutedSmall = textStyle({ size: 12, lineHeight: 17, color: color.muted });

const brandName: InlineItem = {
  field: "brand.name",
  html: `<span style="color:${color.primary};font-weight:bold;">{{brand.name}}</span>`,
};

function lines(language: TemplateLanguage, variant: TemplateVariant): string {
  const labels = LABELS[language];
  const name = row(
    textStyle({ size: 14, lineHeight: 19, color: color.text, bold: true }),
    `{{displayName}}${pronouns(11)}`,
  );
  const role: InlineItem[] = [
    { field: "jobTitle", html: "{{jobTitle}}" },
    { field: "department", html: "{{department}}" },
  ];
  const phones = [
    phoneItem("business", labels, color.text, color.text),
    phoneItem("mobile", labels, color.text, color.text),
  ];
  if (variant === "reply") {
    const phone = onePhone(labels, color.text, color.text);
    return (
      name +
      inlineRow([...role, brandName], mutedSmall, SEPARATOR) +
      rowIfAny(phone.fields, small, phone.html)
    );
  }
  if (variant === "meeting") {
    return (
      name +
      inlineRow(role, mutedSmall, SEPARATOR) +
      inlineRow([brandName], small, SEPARATOR) +
      inlineRow(phones, mutedSmall, SEPARATOR)
    );
  }
  return (
    name +
    inlineRow(role, mutedSmall, SEPARATOR) +
    inlineRow([brandName, websiteItem(color.primary)], mutedSmall, SEPARATOR) +
    inlineRow([...phones, mailItem(color.primary)], mutedSmall + padding(4, 0, 0, 0), SEPARATOR)
  );
}

function source(language: TemplateLanguage, variant: TemplateVariant): string {
  // The bar is a coloured cell: it stretches with the text next to it in every client.
  const bar = `<td align="left" valign="top" width="${BAR_WIDTH}" bgcolor="${color.primary}" style="width:${BAR_WIDTH}px;background-color:${color.primary};${IMAGE_CELL}">&nbsp;</td>`;
  return `${TABLE}
<tr>${td(IMAGE_CELL)}${TABLE}
<tr>${bar}${td(IMAGE_CELL + padding(1, 0, 1, 12))}${TABLE}${lines(language, variant)}
</table></td></tr>
</table></td></tr>${bannerRow(variant === "reply" ? 8 : 12)}${variant === "new" ? legalRow(10) : ""}
</table>`;
}

export const sobre: BuiltinTemplate = {
  key: "sobre",
  name: { fr: "Sobre", en: "Plain" },
  description: {
    fr: "Compact et sans photo : un filet vertical à la couleur principale, le nom, la fonction et le service, la Ville et son site, téléphones et courriel, puis la bannière et la mention de confidentialité.",
    en: "Compact, no photo: a vertical bar in the primary colour, name, job title and department, the commune and its website, phones and email, then the banner and the confidentiality notice.",
  },
  sources: buildSources(source),
};
