import { PNG } from "pngjs";

export const AVATAR_SIZE = 240;

type Rgb = [number, number, number];

/** The few numbers an avatar is drawn from; `key` names the drawing. */
export interface AvatarTemplate {
  key: string;
  hue: number;
  headRadius: number;
  bodyRadius: number;
}

/** FNV-1a over the text: the avatar depends only on the seed, the user and the variant. */
export function avatarHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * 36 hues × 4 head sizes × 3 body sizes: 432 drawings, so an avatar is encoded once and then
 * served from memory, however many users a tenant has.
 */
export function avatarTemplate(hash: number): AvatarTemplate {
  const hue = (hash % 36) * 10;
  const headRadius = 40 + ((hash >>> 8) % 4) * 4;
  const bodyRadius = 118 + ((hash >>> 16) % 3) * 8;
  return { key: `${hue}:${headRadius}:${bodyRadius}`, hue, headRadius, bodyRadius };
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const sector = hue / 60;
  const x = chroma * (1 - Math.abs((sector % 2) - 1));
  const [r, g, b] =
    sector < 1
      ? [chroma, x, 0]
      : sector < 2
        ? [x, chroma, 0]
        : sector < 3
          ? [0, chroma, x]
          : sector < 4
            ? [0, x, chroma]
            : sector < 5
              ? [x, 0, chroma]
              : [chroma, 0, x];
  const m = lightness - chroma / 2;
  return [r, g, b].map((channel) => Math.round((channel + m) * 255)) as Rgb;
}

/** The x-range [from, to) of a disc's chord at row `y`, or null when the row misses it. */
function chord(y: number, centreY: number, radius: number): [number, number] | null {
  const dy = y - centreY;
  if (Math.abs(dy) > radius) return null;
  const half = Math.sqrt(radius * radius - dy * dy);
  const centre = AVATAR_SIZE / 2;
  return [
    Math.max(0, Math.ceil(centre - half)),
    Math.min(AVATAR_SIZE, Math.floor(centre + half) + 1),
  ];
}

function fillRow(data: Buffer, y: number, from: number, to: number, [r, g, b]: Rgb) {
  for (let x = from; x < to; x++) {
    const offset = (y * AVATAR_SIZE + x) * 4;
    data[offset] = r;
    data[offset + 1] = g;
    data[offset + 2] = b;
    data[offset + 3] = 255;
  }
}

/** A 240×240 PNG silhouette (head and shoulders) on a coloured background, a few kilobytes. */
export function renderAvatar(template: AvatarTemplate): Buffer {
  const png = new PNG({ width: AVATAR_SIZE, height: AVATAR_SIZE });
  const background = hslToRgb(template.hue, 0.55, 0.45);
  const figure = hslToRgb((template.hue + 180) % 360, 0.35, 0.85);
  for (let y = 0; y < AVATAR_SIZE; y++) {
    fillRow(png.data, y, 0, AVATAR_SIZE, background);
    for (const span of [
      chord(y, 96, template.headRadius),
      chord(y, AVATAR_SIZE + 30, template.bodyRadius),
    ]) {
      if (span) fillRow(png.data, y, span[0], span[1], figure);
    }
  }
  // The "sub" filter turns flat rows into zeros, which pngjs's run-length deflate packs tightly.
  return PNG.sync.write(png, { colorType: 6, filterType: 1 });
}
