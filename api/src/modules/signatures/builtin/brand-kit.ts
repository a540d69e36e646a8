import type { SignatureBrand } from "../template";
import { sanitizeValue } from "../template/sanitize";

/**
 * The Ville de Dumbéa's default brand kit, what the built-in templates are designed with.
 *
 * Palette (contrast on white, WCAG 2.x; every colour is used for text, so all are ≥ 4.5:1):
 * - primary   #004b87 deep blue (8.9:1): the agent's name, labels, links;
 * - secondary #007a73 lagoon green (5.2:1): the commune's name and accent rules;
 * - text      #333333 dark grey (12.6:1): body text, softer than pure black;
 * - muted     #5e6a71 blue-grey (5.6:1): department, address, legal line.
 *
 * Font: Arial, Helvetica, sans-serif. Classic Outlook for Windows only honours the first family
 * of a stack and falls back to Times New Roman when it is missing: Arial is installed on every
 * Windows, macOS and iOS device (Helvetica on older Macs, and Android maps both to its sans-serif),
 * so the signature looks the same for the agent and for every recipient. Segoe UI is absent from
 * Apple and Android devices, which would show a different font from the one the agent sees.
 */
export const defaultBrandKit: SignatureBrand = Object.freeze({
  name: "Ville de Dumbéa",
  primaryColor: "#004b87",
  secondaryColor: "#007a73",
  textColor: "#333333",
  mutedColor: "#5e6a71",
  fontStack: "Arial, Helvetica, sans-serif",
  // The templates look complete without a logo (the commune's name is written out instead); the
  // brand editor sets the URL and the image's display size once the logo is uploaded.
  logoUrl: null,
  logoWidth: null,
  logoHeight: null,
  logoAlt: "Ville de Dumbéa",
  websiteUrl: "https://www.ville-dumbea.nc",
  websiteLabel: "ville-dumbea.nc",
  facebookUrl: "https://www.facebook.com/villededumbea",
  // TO CONFIRM with the communication service: handle of the web TV's YouTube channel.
  youtubeUrl: "https://www.youtube.com/@villededumbea",
  // The commune's app is not linked until the communication service gives its store URLs.
  appStoreUrl: null,
  playStoreUrl: null,
  legalText:
    "Ce message et ses pièces jointes sont confidentiels et destinés à leurs seuls destinataires. Si vous l'avez reçu par erreur, merci d'en avertir l'expéditeur et de le supprimer.",
  // TO CONFIRM with the communication service: postal address of the Hôtel de Ville.
  address: "44 rue du Général de Gaulle, 98835 Dumbéa",
});

/** The brand fields the built-in templates put inside `style` attributes. */
export const BRAND_STYLE_FIELDS = [
  "primaryColor",
  "secondaryColor",
  "textColor",
  "mutedColor",
  "fontStack",
] as const satisfies readonly (keyof SignatureBrand)[];

/**
 * A brand whose colours and font are usable by the built-in templates: each one that is empty or
 * would be rejected at render time (not #rgb/#rrggbb, a font stack with other characters) is taken
 * from `defaultBrandKit`. Everything else (logo, links, address, legal text) is kept as is, empty
 * included, since emptying a link is how the communication service removes it.
 */
export function withBrandDefaults(brand: SignatureBrand): SignatureBrand {
  const complete: SignatureBrand = { ...brand };
  for (const key of BRAND_STYLE_FIELDS) {
    const kind = key === "fontStack" ? "text" : "color";
    if (sanitizeValue(kind, brand[key], `brand.${key}`) === null) {
      complete[key] = defaultBrandKit[key];
    }
  }
  return complete;
}
