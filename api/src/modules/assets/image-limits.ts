const KB = 1024;

export const ASSET_KINDS = ["logo", "banner", "photo", "icon"] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** Bytes are counted in Windows Explorer's kilobytes (1 KB = 1024 bytes); dimensions in pixels, inclusive. */
export interface AssetLimits {
  readonly maxBytes: number;
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly minWidth: number;
  readonly minHeight: number;
}

/**
 * What each kind of signature image may weigh and measure. Every signature of every agent carries
 * these images, so the byte limits are about mailbox weight; a banner narrower than 300 px looks
 * like a mistake next to the text block.
 */
export const ASSET_LIMITS = {
  logo: { maxBytes: 50 * KB, maxWidth: 600, maxHeight: 300, minWidth: 1, minHeight: 1 },
  banner: { maxBytes: 150 * KB, maxWidth: 1200, maxHeight: 400, minWidth: 300, minHeight: 1 },
  photo: { maxBytes: 50 * KB, maxWidth: 400, maxHeight: 400, minWidth: 1, minHeight: 1 },
  icon: { maxBytes: 10 * KB, maxWidth: 64, maxHeight: 64, minWidth: 1, minHeight: 1 },
} as const satisfies Record<AssetKind, AssetLimits>;

/**
 * Decoding needs memory in proportion to width × height, not to file size: a 12 KB PNG can
 * declare 10000 × 10000 pixels. Sharp refuses, from the header alone, anything above this.
 */
export const MAX_INPUT_PIXELS = 40_000_000;
