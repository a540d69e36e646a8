import type { AssetKind } from "./image-limits";
import type { ImageFormat, OtherFormat } from "./image-sniff";

export interface LocalizedMessage {
  fr: string;
  en: string;
}

const subjects: Record<AssetKind, LocalizedMessage> = {
  logo: { fr: "Le logo", en: "The logo" },
  banner: { fr: "La bannière", en: "The banner" },
  photo: { fr: "La photo", en: "The photo" },
  icon: { fr: "L'icône", en: "The icon" },
};

const formatNames: Record<ImageFormat, string> = { png: "PNG", jpeg: "JPEG", gif: "GIF" };

const otherFormats: Record<OtherFormat, LocalizedMessage> = {
  svg: { fr: "une image SVG", en: "an SVG image" },
  webp: { fr: "une image WebP", en: "a WebP image" },
  heic: { fr: "une photo HEIC (format des iPhone)", en: "a HEIC photo (the iPhone format)" },
  avif: { fr: "une image AVIF", en: "an AVIF image" },
  bmp: { fr: "une image BMP", en: "a BMP image" },
  tiff: { fr: "une image TIFF", en: "a TIFF image" },
  pdf: { fr: "un document PDF", en: "a PDF document" },
  html: { fr: "une page web (HTML)", en: "a web page (HTML)" },
};

const numbers = { fr: new Intl.NumberFormat("fr-FR"), en: new Intl.NumberFormat("en-GB") };
const oneDecimal = {
  fr: new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }),
};

type Lang = keyof LocalizedMessage;

/**
 * Sizes in the units Windows Explorer shows (1 Ko = 1024 octets), rounded up like Explorer does,
 * so a file one byte over the limit never reads "50 Ko, maximum 50 Ko".
 */
export function formatBytes(bytes: number, lang: Lang): string {
  const [kilo, mega] = lang === "fr" ? ["Ko", "Mo"] : ["KB", "MB"];
  if (bytes <= 1024 * 1024) return `${numbers[lang].format(Math.ceil(bytes / 1024))} ${kilo}`;
  return `${oneDecimal[lang].format(Math.ceil((bytes / (1024 * 1024)) * 10) / 10)} ${mega}`;
}

const px = (value: number, lang: Lang) => numbers[lang].format(value);
const box = (width: number, height: number, lang: Lang) =>
  `${px(width, lang)} × ${px(height, lang)} px`;

export const messages = {
  empty: (): LocalizedMessage => ({
    fr: "Le fichier est vide. Choisissez une image PNG, JPEG ou GIF.",
    en: "The file is empty. Choose a PNG, JPEG or GIF image.",
  }),

  unsupportedFormat: (detected: OtherFormat | null): LocalizedMessage => {
    const rule = {
      fr: "Le fichier doit être une image PNG, JPEG ou GIF (SVG et WebP ne s'affichent pas dans Outlook).",
      en: "The file must be a PNG, JPEG or GIF image (SVG and WebP do not display in Outlook).",
    };
    if (!detected) return rule;
    const what = otherFormats[detected];
    return {
      fr: `Ce fichier est ${what.fr}. ${rule.fr}`,
      en: `This file is ${what.en}. ${rule.en}`,
    };
  },

  corrupt: (format: ImageFormat): LocalizedMessage => ({
    fr: `Le fichier ressemble à une image ${formatNames[format]} mais il est endommagé ou incomplet. Exportez-le de nouveau en PNG, JPEG ou GIF.`,
    en: `The file looks like a ${formatNames[format]} image but is damaged or incomplete. Export it again as PNG, JPEG or GIF.`,
  }),

  tooLarge: (kind: AssetKind, bytes: number, maxBytes: number): LocalizedMessage => ({
    fr: `${subjects[kind].fr} pèse ${formatBytes(bytes, "fr")}, maximum ${formatBytes(maxBytes, "fr")}. Réduisez les dimensions de l'image ou compressez le fichier.`,
    en: `${subjects[kind].en} is ${formatBytes(bytes, "en")}, maximum ${formatBytes(maxBytes, "en")}. Reduce the image dimensions or compress the file.`,
  }),

  tooManyPixels: (maxPixels: number, maxWidth: number, maxHeight: number): LocalizedMessage => ({
    fr: `L'image dépasse ${px(maxPixels / 1_000_000, "fr")} millions de pixels, maximum ${box(maxWidth, maxHeight, "fr")}. Redimensionnez l'image avant de l'importer.`,
    en: `The image exceeds ${px(maxPixels / 1_000_000, "en")} million pixels, maximum ${box(maxWidth, maxHeight, "en")}. Resize the image before uploading it.`,
  }),

  tooBigDimensions: (
    kind: AssetKind,
    size: { width: number; height: number },
    max: { width: number; height: number },
  ): LocalizedMessage => ({
    fr: `${subjects[kind].fr} mesure ${box(size.width, size.height, "fr")}, maximum ${box(max.width, max.height, "fr")}. Redimensionnez l'image avant de l'importer.`,
    en: `${subjects[kind].en} is ${box(size.width, size.height, "en")}, maximum ${box(max.width, max.height, "en")}. Resize the image before uploading it.`,
  }),

  tooSmallDimensions: (
    kind: AssetKind,
    side: "width" | "height",
    actual: number,
    min: number,
  ): LocalizedMessage =>
    side === "width"
      ? {
          fr: `${subjects[kind].fr} mesure ${px(actual, "fr")} px de large, minimum ${px(min, "fr")} px. Utilisez une image plus large.`,
          en: `${subjects[kind].en} is ${px(actual, "en")} px wide, minimum ${px(min, "en")} px. Use a wider image.`,
        }
      : {
          fr: `${subjects[kind].fr} mesure ${px(actual, "fr")} px de haut, minimum ${px(min, "fr")} px. Utilisez une image plus haute.`,
          en: `${subjects[kind].en} is ${px(actual, "en")} px high, minimum ${px(min, "en")} px. Use a taller image.`,
        },
};
