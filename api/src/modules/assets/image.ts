import type { OutputInfo } from "sharp";

/**
 * libvips (~17 MB of memory) is loaded on first use: the processes that never touch an image
 * (the directory sync, most API requests) do not carry it.
 */
let sharpModule: Promise<typeof import("sharp")> | null = null;
export const loadSharp = async () => {
  sharpModule ??= import("sharp");
  return (await sharpModule).default;
};

import { AppError } from "../../core/errors";
import { ASSET_LIMITS, type AssetKind, MAX_INPUT_PIXELS } from "./image-limits";
import { type LocalizedMessage, messages } from "./image-messages";
import { type ImageFormat, isAnimatedPng, sniffImageFormat, sniffOtherFormat } from "./image-sniff";

export {
  ASSET_KINDS,
  ASSET_LIMITS,
  type AssetKind,
  type AssetLimits,
  MAX_INPUT_PIXELS,
} from "./image-limits";
export type { LocalizedMessage } from "./image-messages";
export type { ImageFormat } from "./image-sniff";

const contentTypes = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
} as const satisfies Record<ImageFormat, string>;

export type ImageContentType = (typeof contentTypes)[ImageFormat];

const extensions = { png: "png", jpeg: "jpg", gif: "gif" } as const satisfies Record<
  ImageFormat,
  string
>;

export interface ImageInfo {
  format: ImageFormat;
  contentType: ImageContentType;
  /** As displayed: after the EXIF orientation, which browsers and mail clients apply. */
  width: number;
  height: number;
  /** Several frames (GIF or APNG); Outlook for Windows only ever shows the first one. */
  animated: boolean;
  bytes: number;
}

export type AssetErrorCode =
  | "empty"
  | "unsupported_format"
  | "too_large"
  | "too_big_dimensions"
  | "too_small_dimensions";

export type AssetValidation =
  | { ok: true; info: ImageInfo }
  | {
      ok: false;
      code: AssetErrorCode;
      message: LocalizedMessage;
      details?: Record<string, unknown>;
    };

export interface ResizedPhoto {
  bytes: Uint8Array;
  contentType: "image/jpeg" | "image/png";
  width: number;
  height: number;
}

/** File extension without the dot, as used in content-addressed asset names. */
export function imageExtension(format: ImageFormat): "png" | "jpg" | "gif" {
  return extensions[format];
}

type Inspection =
  | { ok: true; info: ImageInfo }
  | { ok: false; reason: "not_an_image" }
  | { ok: false; reason: "corrupt" | "too_many_pixels"; sniffed: ImageFormat };

async function inspect(bytes: Uint8Array): Promise<Inspection> {
  const sniffed = sniffImageFormat(bytes);
  // Only data announcing one of the three formats ever reaches libvips: its SVG, PDF or HEIF
  // loaders are attack surface with no use here.
  if (!sniffed) return { ok: false, reason: "not_an_image" };
  try {
    const sharp = await loadSharp();
    // "warning" is sharp's advice for untrusted input; the file is served as is, so it must be clean.
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "warning" });
    const metadata = await image.metadata();
    if (metadata.format !== sniffed) return { ok: false, reason: "corrupt", sniffed };
    // The metadata comes from the header alone; decoding every pixel is what catches a
    // truncated or damaged body that a mail client would show half grey.
    await image.stats();
    const { width, height } = metadata.autoOrient;
    if (!(width > 0 && height > 0)) return { ok: false, reason: "corrupt", sniffed };
    return {
      ok: true,
      info: {
        format: sniffed,
        contentType: contentTypes[sniffed],
        width,
        height,
        animated: (metadata.pages ?? 1) > 1 || isAnimatedPng(bytes),
        bytes: bytes.byteLength,
      },
    };
  } catch (error) {
    // Sharp has no error codes; should this wording change the image is still refused, only
    // with the "damaged" message instead of the "too big" one.
    const tooManyPixels = error instanceof Error && /pixel limit/i.test(error.message);
    return { ok: false, reason: tooManyPixels ? "too_many_pixels" : "corrupt", sniffed };
  }
}

/**
 * What the bytes really are, judged by their content alone: a PNG, JPEG or GIF that sharp decodes
 * entirely and whose header agrees with its magic bytes, or null for anything else.
 */
export async function probeImage(bytes: Uint8Array): Promise<ImageInfo | null> {
  const inspection = await inspect(bytes);
  return inspection.ok ? inspection.info : null;
}

/** Checks an uploaded signature image against the limits of its kind; messages are for the uploader. */
export async function validateAsset(bytes: Uint8Array, kind: AssetKind): Promise<AssetValidation> {
  const limits = ASSET_LIMITS[kind];
  if (bytes.byteLength === 0) return { ok: false, code: "empty", message: messages.empty() };

  const sniffed = sniffImageFormat(bytes);
  if (!sniffed) {
    const detected = sniffOtherFormat(bytes);
    return {
      ok: false,
      code: "unsupported_format",
      message: messages.unsupportedFormat(detected),
      details: { detected },
    };
  }

  // Before decoding: the weight is known for free, and a heavy file is not worth the work.
  if (bytes.byteLength > limits.maxBytes) {
    return {
      ok: false,
      code: "too_large",
      message: messages.tooLarge(kind, bytes.byteLength, limits.maxBytes),
      details: { bytes: bytes.byteLength, maxBytes: limits.maxBytes },
    };
  }

  const inspection = await inspect(bytes);
  if (!inspection.ok) {
    if (inspection.reason === "too_many_pixels") {
      return {
        ok: false,
        code: "too_big_dimensions",
        message: messages.tooManyPixels(MAX_INPUT_PIXELS, limits.maxWidth, limits.maxHeight),
        details: {
          maxPixels: MAX_INPUT_PIXELS,
          maxWidth: limits.maxWidth,
          maxHeight: limits.maxHeight,
        },
      };
    }
    return {
      ok: false,
      code: "unsupported_format",
      message:
        inspection.reason === "corrupt"
          ? messages.corrupt(inspection.sniffed)
          : messages.unsupportedFormat(null),
      details:
        inspection.reason === "corrupt" ? { detected: inspection.sniffed, corrupt: true } : {},
    };
  }

  const { info } = inspection;
  if (info.width > limits.maxWidth || info.height > limits.maxHeight) {
    return {
      ok: false,
      code: "too_big_dimensions",
      message: messages.tooBigDimensions(
        kind,
        { width: info.width, height: info.height },
        { width: limits.maxWidth, height: limits.maxHeight },
      ),
      details: {
        width: info.width,
        height: info.height,
        maxWidth: limits.maxWidth,
        maxHeight: limits.maxHeight,
      },
    };
  }
  const side =
    info.width < limits.minWidth ? "width" : info.height < limits.minHeight ? "height" : null;
  if (side) {
    const [actual, min] =
      side === "width" ? [info.width, limits.minWidth] : [info.height, limits.minHeight];
    return {
      ok: false,
      code: "too_small_dimensions",
      message: messages.tooSmallDimensions(kind, side, actual, min),
      details: {
        width: info.width,
        height: info.height,
        minWidth: limits.minWidth,
        minHeight: limits.minHeight,
      },
    };
  }
  return { ok: true, info };
}

const MAX_PHOTO_SIZE = 1024;

/**
 * A directory photo as a centred square of `size` px, re-encoded from bare pixels so that no EXIF,
 * GPS, XMP or ICC data of the source can reach a public URL. The same bytes always give the same
 * output, which is stored under its hash.
 */
export async function resizePhotoForSignature(
  bytes: Uint8Array,
  size: number,
): Promise<ResizedPhoto> {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PHOTO_SIZE) {
    throw new RangeError(`Photo size must be an integer from 1 to ${MAX_PHOTO_SIZE}, got ${size}`);
  }
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new AppError("unsupported_media_type", "The photo is not a PNG, JPEG or GIF image");
  }

  const sharp = await loadSharp();
  let square: { data: Buffer; info: OutputInfo };
  try {
    square = await sharp(bytes, {
      limitInputPixels: MAX_INPUT_PIXELS,
      // Unlike an upload the photo is not served as is: pixels a browser would show are enough.
      failOn: "error",
      // The EXIF orientation is about to be stripped, so it must be applied first.
      autoOrient: true,
    })
      .resize(size, size, { fit: "cover", position: "centre" })
      .toColourspace("srgb")
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new AppError("unsupported_media_type", `The ${format} photo cannot be decoded`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }

  const { data, info } = square;
  const pixels = sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } });
  if (isOpaque(data)) {
    const jpeg = await pixels
      .removeAlpha()
      // mozjpeg's settings without its progressive scans: a baseline JPEG is what the oldest mail
      // clients decode best, and at 96 px progressive coding saves next to nothing.
      .jpeg({
        quality: 82,
        trellisQuantisation: true,
        overshootDeringing: true,
        quantisationTable: 3,
        optimiseCoding: true,
        progressive: false,
      })
      .toBuffer();
    return { bytes: jpeg, contentType: "image/jpeg", width: info.width, height: info.height };
  }
  const png = await pixels.png({ compressionLevel: 9 }).toBuffer();
  return { bytes: png, contentType: "image/png", width: info.width, height: info.height };
}

/** Judged on the cropped square: an alpha channel that is fully opaque where it matters is no reason for a heavier PNG. */
function isOpaque(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}
