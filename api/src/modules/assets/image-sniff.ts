/** The only formats every Outlook (including Windows desktop, which renders mail with Word) shows. */
export type ImageFormat = "png" | "jpeg" | "gif";

/** Formats people commonly upload instead, named so the refusal can say what the file really is. */
export type OtherFormat = "svg" | "webp" | "heic" | "avif" | "bmp" | "tiff" | "pdf" | "html";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

/** The format announced by the first bytes: the only evidence that counts, never a name or a declared type. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  const head = ascii(bytes, 0, 6);
  if (head === "GIF87a" || head === "GIF89a") return "gif";
  return null;
}

/** Best guess at what a refused file is, for the message only: it never makes a file acceptable. */
export function sniffOtherFormat(bytes: Uint8Array): OtherFormat | null {
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (ascii(bytes, 4, 8) === "ftyp") {
    const brand = ascii(bytes, 8, 12);
    if (brand === "avif" || brand === "avis") return "avif";
    if (["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"].includes(brand)) {
      return "heic";
    }
  }
  if (ascii(bytes, 0, 5) === "%PDF-") return "pdf";
  if (ascii(bytes, 0, 2) === "BM") return "bmp";
  const tiff = ascii(bytes, 0, 4);
  if (tiff === "II*\0" || tiff === "MM\0*") return "tiff";
  const text = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (text.includes("<svg")) return "svg";
  if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.includes("<body")) {
    return "html";
  }
  return null;
}

/**
 * libvips reads only the first frame of an APNG and reports one page, but Outlook for Windows
 * shows APNGs as still images too, so the caller must know: an `acTL` chunk before the image data
 * announcing more than one frame is what makes a PNG animated.
 */
export function isAnimatedPng(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, PNG_SIGNATURE)) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE.length;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, offset + 8);
    if (type === "IDAT" || type === "IEND") return false;
    if (type === "acTL") return offset + 12 <= bytes.length && view.getUint32(offset + 8) > 1;
    offset += 12 + length;
  }
  return false;
}
