import { DUMBEA_BLUE, ICON_SIZES } from "./source";

export type IconVariant = "color" | "outline";

export interface IconFile {
  /** Relative to the add-in's `icons/` folder (served at `{base}/addin/icons/`). */
  file: string;
  size: number;
  variant: IconVariant;
}

/**
 * The Outlook ribbon and store sizes, plus the two images of the Microsoft 365 app package
 * (a 192 px colour icon and a 32 px white outline on transparent).
 */
export const ICON_FILES: readonly IconFile[] = [
  ...ICON_SIZES.map((size) => ({ file: `icon-${size}.png`, size, variant: "color" as const })),
  { file: "color-192.png", size: 192, variant: "color" },
  { file: "outline-32.png", size: 32, variant: "outline" },
];

/** A white "R" drawn as strokes (no font needed) on a rounded Dumbéa-blue square. */
export function iconSvg(size: number, variant: IconVariant): string {
  const background =
    variant === "color" ? `<rect width="100" height="100" rx="22" fill="${DUMBEA_BLUE}"/>` : "";
  const stroke = variant === "color" ? 12 : 14;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">` +
    background +
    `<path d="M35 77V23h19a14.5 14.5 0 0 1 0 29H35M53 52l17 25" fill="none" stroke="#FFFFFF" ` +
    `stroke-width="${stroke}" stroke-linecap="round" stroke-linejoin="round"/>` +
    "</svg>"
  );
}
