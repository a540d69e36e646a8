/** A text shown to users in both interface languages. */
export interface LocalizedText {
  fr: string;
  en: string;
}

/**
 * How a value is checked before rendering: `text` is cleaned and capped, `url` must be https
 * (http only for localhost), mailto: or tel:, `tel` becomes a `tel:` URI, `color` must be
 * #rgb/#rrggbb, `number` a non-negative integer, `object` a group usable only as a section.
 */
export type FieldKind = "text" | "url" | "tel" | "color" | "number" | "object";

export type FieldExample = string | number | null;

export interface SignatureField<N extends string = string> {
  readonly name: N;
  readonly kind: FieldKind;
  /** Whether `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}` are allowed. */
  readonly sectionable: boolean;
  /** For the editor's help panel. */
  readonly description: LocalizedText;
  /** For previews; null for objects (their example is made of their members' examples). */
  readonly example: FieldExample;
}

function field<const N extends string>(
  name: N,
  kind: FieldKind,
  description: LocalizedText,
  example: FieldExample,
  sectionable = true,
): SignatureField<N> {
  return { name, kind, sectionable, description, example };
}

const fields = [
  field(
    "displayName",
    "text",
    { fr: "Nom complet de l'agent", en: "Agent's full name" },
    "Kalïa Wéa",
  ),
  field("givenName", "text", { fr: "Prénom", en: "Given name" }, "Kalïa"),
  field("surname", "text", { fr: "Nom de famille", en: "Surname" }, "Wéa"),
  field("jobTitle", "text", { fr: "Fonction", en: "Job title" }, "Chargée de communication"),
  field(
    "department",
    "text",
    { fr: "Direction ou service", en: "Department" },
    "Direction de la communication",
  ),
  field("companyName", "text", { fr: "Organisation", en: "Organisation" }, "Ville de Dumbéa"),
  field("officeLocation", "text", { fr: "Site ou bureau", en: "Office" }, "Hôtel de Ville"),
  field("streetAddress", "text", { fr: "Adresse (rue)", en: "Street address" }, "Koutio"),
  field("postalCode", "text", { fr: "Code postal", en: "Postal code" }, "98835"),
  field("city", "text", { fr: "Commune", en: "City" }, "Dumbéa"),
  field(
    "mail",
    "text",
    {
      fr: "Adresse de messagerie (écrire mailto:{{mail}} dans un lien)",
      en: "Email address (write mailto:{{mail}} in a link)",
    },
    "kalia.wea@ville-dumbea.nc",
  ),
  field(
    "businessPhone",
    "text",
    { fr: "Téléphone fixe, tel qu'affiché", en: "Desk phone, as displayed" },
    "+687 41 40 52",
  ),
  field(
    "businessPhoneTel",
    "tel",
    {
      fr: "Téléphone fixe pour un lien (tel:+687414052)",
      en: "Desk phone for a link (tel:+687414052)",
    },
    "tel:+687414052",
  ),
  field(
    "mobilePhone",
    "text",
    { fr: "Téléphone mobile, tel qu'affiché", en: "Mobile phone, as displayed" },
    "+687 78 12 45",
  ),
  field(
    "mobilePhoneTel",
    "tel",
    {
      fr: "Téléphone mobile pour un lien (tel:+687781245)",
      en: "Mobile phone for a link (tel:+687781245)",
    },
    "tel:+687781245",
  ),
  field("pronouns", "text", { fr: "Pronoms", en: "Pronouns" }, "elle"),
  field(
    "extraLine",
    "text",
    { fr: "Ligne libre de l'agent", en: "Agent's free line" },
    "Référente égalité",
  ),
  field("managerName", "text", { fr: "Nom du responsable", en: "Manager's name" }, "Jean Pwéa"),
  field(
    "managerJobTitle",
    "text",
    { fr: "Fonction du responsable", en: "Manager's job title" },
    "Directeur de la communication",
  ),

  field(
    "photo",
    "object",
    {
      fr: "Photo de l'agent : la section {{#photo}} n'apparaît que si la photo a une adresse valide",
      en: "Agent's photo: the {{#photo}} section shows only when the photo has a valid URL",
    },
    null,
  ),
  field(
    "photo.url",
    "url",
    { fr: "Adresse de la photo", en: "Photo URL" },
    "https://intranet.ville-dumbea.nc/assets/example-photo.jpg",
  ),
  field("photo.width", "number", { fr: "Largeur (px)", en: "Width (px)" }, 96, false),
  field("photo.height", "number", { fr: "Hauteur (px)", en: "Height (px)" }, 96, false),

  field(
    "banner",
    "object",
    {
      fr: "Bannière de campagne : la section {{#banner}} n'apparaît que si l'image a une adresse valide",
      en: "Campaign banner: the {{#banner}} section shows only when the image has a valid URL",
    },
    null,
  ),
  field(
    "banner.imageUrl",
    "url",
    { fr: "Adresse de l'image", en: "Image URL" },
    "https://intranet.ville-dumbea.nc/assets/example-banner.png",
  ),
  field(
    "banner.clickUrl",
    "url",
    { fr: "Lien de la bannière", en: "Banner link" },
    "https://www.ville-dumbea.nc",
  ),
  field(
    "banner.alt",
    "text",
    { fr: "Texte alternatif de la bannière", en: "Banner alternative text" },
    "Fête de la mandarine",
  ),
  field("banner.width", "number", { fr: "Largeur (px)", en: "Width (px)" }, 600, false),
  field("banner.height", "number", { fr: "Hauteur (px)", en: "Height (px)" }, 120, false),

  field("brand.name", "text", { fr: "Nom de la marque", en: "Brand name" }, "Ville de Dumbéa"),
  field(
    "brand.primaryColor",
    "color",
    { fr: "Couleur principale", en: "Primary colour" },
    "#006f93",
  ),
  field(
    "brand.secondaryColor",
    "color",
    { fr: "Couleur secondaire", en: "Secondary colour" },
    "#4da8c6",
  ),
  field("brand.textColor", "color", { fr: "Couleur du texte", en: "Text colour" }, "#03141b"),
  field(
    "brand.mutedColor",
    "color",
    { fr: "Couleur du texte secondaire", en: "Muted text colour" },
    "#5f6b73",
  ),
  field(
    "brand.fontStack",
    "text",
    {
      fr: "Polices (lettres, chiffres, espaces, virgules, tirets, guillemets)",
      en: "Font stack (letters, digits, spaces, commas, hyphens, quotes)",
    },
    "Arial, Helvetica, sans-serif",
  ),
  field(
    "brand.logoUrl",
    "url",
    { fr: "Adresse du logo", en: "Logo URL" },
    "https://intranet.ville-dumbea.nc/assets/example-logo.png",
  ),
  field("brand.logoWidth", "number", { fr: "Largeur du logo (px)", en: "Logo width (px)" }, 120),
  field("brand.logoHeight", "number", { fr: "Hauteur du logo (px)", en: "Logo height (px)" }, 48),
  field(
    "brand.logoAlt",
    "text",
    { fr: "Texte alternatif du logo", en: "Logo alternative text" },
    "Ville de Dumbéa",
  ),
  field(
    "brand.websiteUrl",
    "url",
    { fr: "Adresse du site web", en: "Website URL" },
    "https://www.ville-dumbea.nc",
  ),
  field(
    "brand.websiteLabel",
    "text",
    { fr: "Libellé du site web", en: "Website label" },
    "www.ville-dumbea.nc",
  ),
  field(
    "brand.facebookUrl",
    "url",
    { fr: "Page Facebook", en: "Facebook page" },
    "https://www.facebook.com/example",
  ),
  field(
    "brand.youtubeUrl",
    "url",
    { fr: "Chaîne YouTube", en: "YouTube channel" },
    "https://www.youtube.com/@example",
  ),
  field(
    "brand.appStoreUrl",
    "url",
    { fr: "Application sur l'App Store", en: "App Store app" },
    "https://apps.apple.com/app/example",
  ),
  field(
    "brand.playStoreUrl",
    "url",
    { fr: "Application sur Google Play", en: "Google Play app" },
    "https://play.google.com/store/apps/details?id=example",
  ),
  field(
    "brand.legalText",
    "text",
    { fr: "Mentions légales", en: "Legal notice" },
    "Ce message et ses pièces jointes sont confidentiels.",
  ),
  field(
    "brand.address",
    "text",
    { fr: "Adresse postale de la marque", en: "Brand postal address" },
    "Hôtel de Ville, Koutio, 98835 Dumbéa",
  ),
] as const;

export type FieldName = (typeof fields)[number]["name"];

/** Every placeholder a template may use; anything else is rejected at compile time. */
export const signatureFields: readonly SignatureField<FieldName>[] = fields;

const fieldsByName: ReadonlyMap<string, SignatureField<FieldName>> = new Map(
  fields.map((entry) => [entry.name, entry]),
);

/** Looks a name up without touching the prototype chain (`constructor`, `__proto__`…). */
export function findField(name: string): SignatureField<FieldName> | undefined {
  return fieldsByName.get(name);
}

export interface SignaturePhoto {
  url: string | null;
  width: number | null;
  height: number | null;
}

export interface SignatureBanner {
  imageUrl: string | null;
  clickUrl: string | null;
  alt: string | null;
  width: number | null;
  height: number | null;
}

export interface SignatureBrand {
  name: string | null;
  primaryColor: string | null;
  secondaryColor: string | null;
  textColor: string | null;
  mutedColor: string | null;
  fontStack: string | null;
  logoUrl: string | null;
  logoWidth: number | null;
  logoHeight: number | null;
  logoAlt: string | null;
  websiteUrl: string | null;
  websiteLabel: string | null;
  facebookUrl: string | null;
  youtubeUrl: string | null;
  appStoreUrl: string | null;
  playStoreUrl: string | null;
  legalText: string | null;
  address: string | null;
}

/** The values a signature is rendered with; null or "" means empty. */
export interface SignatureView {
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  mail: string | null;
  businessPhone: string | null;
  /** Derived from `businessPhone` when omitted, empty or invalid. */
  businessPhoneTel?: string | null;
  mobilePhone: string | null;
  /** Derived from `mobilePhone` when omitted, empty or invalid. */
  mobilePhoneTel?: string | null;
  pronouns: string | null;
  extraLine: string | null;
  managerName: string | null;
  managerJobTitle: string | null;
  photo: SignaturePhoto | null;
  banner: SignatureBanner | null;
  brand: SignatureBrand;
}

// Compile-time guard: the registry and SignatureView must list exactly the same fields.
type ViewPaths<T> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends object
    ? K | `${K}.${keyof NonNullable<T[K]> & string}`
    : K;
}[keyof T & string];
type Same<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
const registryMatchesView: Same<FieldName | "brand", ViewPaths<SignatureView>> = true;
void registryMatchesView;

/** A complete view made of the registry's examples, for previews. */
export function exampleSignatureView(): SignatureView {
  const root: Record<string, unknown> = {};
  for (const entry of fields) {
    const [head, member] = entry.name.split(".") as [string, string | undefined];
    if (member === undefined) {
      root[head] = entry.kind === "object" ? {} : entry.example;
    } else {
      const group = (root[head] ?? {}) as Record<string, unknown>;
      group[member] = entry.example;
      root[head] = group;
    }
  }
  return root as unknown as SignatureView;
}
