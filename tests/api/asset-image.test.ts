import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { AppError } from "../../api/src/core/errors";
import {
  ASSET_KINDS,
  ASSET_LIMITS,
  type ImageFormat,
  imageExtension,
  MAX_INPUT_PIXELS,
  probeImage,
  resizePhotoForSignature,
  validateAsset,
} from "../../api/src/modules/assets/image";

const BLUE = { r: 0, g: 120, b: 200, alpha: 1 };

function solid(
  width: number,
  height: number,
  format: ImageFormat = "png",
  background: { r: number; g: number; b: number; alpha: number } = BLUE,
): Promise<Buffer> {
  const channels = background.alpha < 1 ? 4 : 3;
  return sharp({ create: { width, height, channels, background } }).toFormat(format).toBuffer();
}

function noisy(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .jpeg()
    .toBuffer();
}

/** Vertical stripes of the given colours, as raw RGB pixels, so crops and rotations can be seen. */
function stripes(width: number, height: number, colours: [number, number, number][]): Sharp {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = colours[Math.floor((x * colours.length) / width)]!;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid all-black 1-bit PNG: 100 megapixels deflate to a few kilobytes. */
function bombPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows, { level: 9 })),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

/** A valid PNG of exactly `total` bytes: a comment chunk before IEND makes up the difference. */
function padPng(png: Buffer, total: number): Buffer {
  const keyword = Buffer.from("Comment\0", "latin1");
  const textLength = total - png.length - 12 - keyword.length;
  if (textLength < 0) throw new Error(`cannot pad a ${png.length}-byte PNG to ${total}`);
  const chunk = pngChunk("tEXt", Buffer.concat([keyword, Buffer.alloc(textLength, 0x61)]));
  const padded = Buffer.concat([png.subarray(0, -12), chunk, png.subarray(-12)]);
  expect(padded.length).toBe(total);
  return padded;
}

async function pixel(bytes: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + info.channels)];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

const svg = utf8(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="100" height="50" fill="#0078c8"/></svg>',
);
const html = utf8("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

describe("probeImage", () => {
  it.each([
    ["png", "image/png"],
    ["jpeg", "image/jpeg"],
    ["gif", "image/gif"],
  ] as const)("accepts a %s and reports its dimensions", async (format, contentType) => {
    const bytes = await solid(120, 45, format);
    expect(await probeImage(bytes)).toEqual({
      format,
      contentType,
      width: 120,
      height: 45,
      animated: false,
      bytes: bytes.length,
    });
  });

  it("accepts a plain Uint8Array, not only a Buffer", async () => {
    const bytes = new Uint8Array(await solid(20, 10));
    expect((await probeImage(bytes))?.format).toBe("png");
  });

  it("reports an animated GIF with the size of one frame", async () => {
    const frames = await Promise.all(
      [BLUE, { r: 200, g: 0, b: 0, alpha: 1 }].map((colour) => solid(30, 20, "png", colour)),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif({ delay: [500, 500], loop: 0 })
      .toBuffer();
    expect(await probeImage(gif)).toMatchObject({
      format: "gif",
      width: 30,
      height: 20,
      animated: true,
    });
  });

  it("reports an APNG as animated although libvips only reads its first frame", async () => {
    const png = await solid(30, 20);
    const control = Buffer.alloc(8);
    control.writeUInt32BE(3, 0);
    const apng = Buffer.concat([png.subarray(0, 33), pngChunk("acTL", control), png.subarray(33)]);
    expect(await probeImage(apng)).toMatchObject({ format: "png", animated: true });
  });

  it("reports the dimensions as displayed, after the EXIF orientation", async () => {
    const rotated = await sharp(await solid(400, 200, "jpeg"))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect(await probeImage(rotated)).toMatchObject({ width: 200, height: 400 });
  });

  it("trusts the content, not the name: a JPEG called logo.png is a JPEG", async () => {
    const upload = { name: "logo.png", type: "image/png", bytes: await solid(50, 50, "jpeg") };
    expect(await probeImage(upload.bytes)).toMatchObject({
      format: "jpeg",
      contentType: "image/jpeg",
    });
  });

  it("rejects an SVG", async () => {
    expect(await probeImage(svg)).toBeNull();
  });

  it("rejects a WebP", async () => {
    expect(
      await probeImage(
        await sharp(await solid(40, 40))
          .webp()
          .toBuffer(),
      ),
    ).toBeNull();
  });

  it("rejects an HTML page, whatever it is called", async () => {
    expect(await probeImage(html)).toBeNull();
  });

  it("rejects other formats people upload: HEIC, BMP, PDF, TIFF", async () => {
    const heic = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from("ftypheic\0\0\0\0mif1heic"),
    ]);
    const bmp = Buffer.concat([Buffer.from("BM"), Buffer.alloc(60)]);
    const pdf = utf8("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF");
    const tiff = await sharp(await solid(10, 10))
      .tiff()
      .toBuffer();
    for (const bytes of [heic, bmp, pdf, tiff]) expect(await probeImage(bytes)).toBeNull();
  });

  it("rejects empty and random data", async () => {
    expect(await probeImage(new Uint8Array(0))).toBeNull();
    expect(await probeImage(Uint8Array.from({ length: 256 }, (_, i) => (i * 37) % 251))).toBeNull();
  });

  it("rejects a PNG signature followed by garbage", async () => {
    const png = await solid(10, 10);
    const bytes = Buffer.concat([png.subarray(0, 8), utf8("this is not a PNG chunk at all")]);
    expect(await probeImage(bytes)).toBeNull();
  });

  it("rejects bare magic bytes", async () => {
    expect(await probeImage(Uint8Array.of(0xff, 0xd8, 0xff))).toBeNull();
    expect(await probeImage(utf8("GIF89a"))).toBeNull();
  });

  it("rejects a PNG or JPEG cut short, although its header is intact", async () => {
    const png = await sharp(await noisy(200, 100))
      .png()
      .toBuffer();
    const jpeg = await noisy(200, 100);
    for (const whole of [png, jpeg]) {
      expect(await probeImage(whole)).not.toBeNull();
      expect(await probeImage(whole.subarray(0, Math.floor(whole.length / 2)))).toBeNull();
    }
  });

  it("rejects a GIF behind a PNG signature", async () => {
    const png = await solid(10, 10);
    const gif = await solid(10, 10, "gif");
    expect(await probeImage(Buffer.concat([png.subarray(0, 8), gif]))).toBeNull();
  });

  it("rejects a decompression bomb from its header, without decoding it", async () => {
    const bomb = bombPng(10_000, 10_000);
    expect(bomb.length).toBeLessThan(ASSET_LIMITS.banner.maxBytes);
    expect(10_000 * 10_000).toBeGreaterThan(MAX_INPUT_PIXELS);
    const header = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect(header).toMatchObject({ format: "png", width: 10_000, height: 10_000 });
    expect(await probeImage(bomb)).toBeNull();
    const result = await validateAsset(bomb, "banner");
    expect(result).toMatchObject({ ok: false, code: "too_big_dimensions" });
  });
});

describe("validateAsset", () => {
  it("publishes its limits, in Windows kilobytes", () => {
    expect(ASSET_LIMITS).toEqual({
      logo: { maxBytes: 51_200, maxWidth: 600, maxHeight: 300, minWidth: 1, minHeight: 1 },
      banner: { maxBytes: 153_600, maxWidth: 1200, maxHeight: 400, minWidth: 300, minHeight: 1 },
      photo: { maxBytes: 51_200, maxWidth: 400, maxHeight: 400, minWidth: 1, minHeight: 1 },
      icon: { maxBytes: 10_240, maxWidth: 64, maxHeight: 64, minWidth: 1, minHeight: 1 },
    });
  });

  it("accepts a fitting image and returns what it is", async () => {
    const bytes = await solid(300, 100, "jpeg");
    expect(await validateAsset(bytes, "logo")).toEqual({
      ok: true,
      info: {
        format: "jpeg",
        contentType: "image/jpeg",
        width: 300,
        height: 100,
        animated: false,
        bytes: bytes.length,
      },
    });
  });

  it("refuses an empty file", async () => {
    expect(await validateAsset(new Uint8Array(0), "logo")).toMatchObject({
      ok: false,
      code: "empty",
    });
  });

  it("refuses an SVG and says why in words a communication officer understands", async () => {
    const result = await validateAsset(svg, "logo");
    expect(result).toEqual({
      ok: false,
      code: "unsupported_format",
      message: {
        fr: "Ce fichier est une image SVG. Le fichier doit être une image PNG, JPEG ou GIF (SVG et WebP ne s'affichent pas dans Outlook).",
        en: "This file is an SVG image. The file must be a PNG, JPEG or GIF image (SVG and WebP do not display in Outlook).",
      },
      details: { detected: "svg" },
    });
  });

  it("names WebP and HTML when refusing them", async () => {
    const webp = await sharp(await solid(40, 40))
      .webp()
      .toBuffer();
    expect(await validateAsset(webp, "icon")).toMatchObject({
      code: "unsupported_format",
      details: { detected: "webp" },
    });
    expect(await validateAsset(html, "icon")).toMatchObject({
      code: "unsupported_format",
      details: { detected: "html" },
    });
  });

  it("gives the plain rule for an unknown format", async () => {
    const result = await validateAsset(utf8("just some text"), "photo");
    expect(result).toMatchObject({
      code: "unsupported_format",
      message: {
        fr: "Le fichier doit être une image PNG, JPEG ou GIF (SVG et WebP ne s'affichent pas dans Outlook).",
      },
      details: { detected: null },
    });
  });

  it("says a damaged image is damaged", async () => {
    const png = await solid(10, 10);
    const result = await validateAsset(Buffer.concat([png.subarray(0, 8), utf8("junk")]), "logo");
    expect(result).toMatchObject({
      ok: false,
      code: "unsupported_format",
      details: { detected: "png", corrupt: true },
    });
    if (result.ok) throw new Error("unreachable");
    expect(result.message.fr).toContain("endommagé ou incomplet");
  });

  it("accepts an animated GIF and says so", async () => {
    const frames = await Promise.all(
      [BLUE, { r: 0, g: 0, b: 0, alpha: 1 }].map((colour) => solid(100, 50, "png", colour)),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect(await validateAsset(gif, "logo")).toMatchObject({ ok: true, info: { animated: true } });
  });

  describe.each(ASSET_KINDS)("%s limits", (kind) => {
    const limits = ASSET_LIMITS[kind];

    it(`accepts exactly ${limits.maxBytes} bytes and refuses one more`, async () => {
      const small = await solid(limits.minWidth, 10);
      const atLimit = padPng(small, limits.maxBytes);
      expect(await validateAsset(atLimit, kind)).toMatchObject({ ok: true });
      const over = padPng(small, limits.maxBytes + 1);
      expect(await validateAsset(over, kind)).toMatchObject({
        ok: false,
        code: "too_large",
        details: { bytes: limits.maxBytes + 1, maxBytes: limits.maxBytes },
      });
    });

    it(`accepts ${limits.maxWidth} × ${limits.maxHeight} px and refuses one pixel more either way`, async () => {
      const { maxWidth, maxHeight } = limits;
      expect(await validateAsset(await solid(maxWidth, maxHeight), kind)).toMatchObject({
        ok: true,
        info: { width: maxWidth, height: maxHeight },
      });
      for (const [width, height] of [
        [maxWidth + 1, maxHeight],
        [maxWidth, maxHeight + 1],
      ] as const) {
        expect(await validateAsset(await solid(width, height), kind)).toMatchObject({
          ok: false,
          code: "too_big_dimensions",
          details: { width, height, maxWidth, maxHeight },
        });
      }
    });
  });

  it("refuses a banner narrower than 300 px but accepts exactly 300", async () => {
    expect(await validateAsset(await solid(300, 100), "banner")).toMatchObject({ ok: true });
    const result = await validateAsset(await solid(299, 100), "banner");
    expect(result).toEqual({
      ok: false,
      code: "too_small_dimensions",
      message: {
        fr: "La bannière mesure 299 px de large, minimum 300 px. Utilisez une image plus large.",
        en: "The banner is 299 px wide, minimum 300 px. Use a wider image.",
      },
      details: { width: 299, height: 100, minWidth: 300, minHeight: 1 },
    });
  });

  it("gives the actual and maximum weight in the message", async () => {
    const result = await validateAsset(padPng(await solid(400, 100), 212 * 1024), "banner");
    expect(result).toMatchObject({
      ok: false,
      code: "too_large",
      message: {
        fr: "La bannière pèse 212 Ko, maximum 150 Ko. Réduisez les dimensions de l'image ou compressez le fichier.",
        en: "The banner is 212 KB, maximum 150 KB. Reduce the image dimensions or compress the file.",
      },
    });
  });

  it("never shows a file one byte over as weighing the maximum", async () => {
    const result = await validateAsset(padPng(await solid(10, 10), 50 * 1024 + 1), "logo");
    if (result.ok) throw new Error("expected a refusal");
    expect(result.message.fr).toContain("51 Ko, maximum 50 Ko");
  });

  it("gives the actual and maximum dimensions in the message", async () => {
    const result = await validateAsset(await solid(700, 300), "logo");
    if (result.ok) throw new Error("expected a refusal");
    expect(result.message).toEqual({
      fr: "Le logo mesure 700 × 300 px, maximum 600 × 300 px. Redimensionnez l'image avant de l'importer.",
      en: "The logo is 700 × 300 px, maximum 600 × 300 px. Resize the image before uploading it.",
    });
  });

  it("checks the weight before decoding, so a heavy file of any content is too large", async () => {
    const heavy = padPng(await solid(10, 10), 2 * 1024 * 1024);
    const result = await validateAsset(heavy, "icon");
    expect(result).toMatchObject({ ok: false, code: "too_large" });
    if (result.ok) throw new Error("expected a refusal");
    expect(result.message.fr).toContain("2 Mo, maximum 10 Ko");
  });
});

describe("resizePhotoForSignature", () => {
  it("crops a photo to a centred square of the requested size", async () => {
    const red: [number, number, number] = [220, 0, 0];
    const green: [number, number, number] = [0, 200, 0];
    const blue: [number, number, number] = [0, 0, 220];
    const source = await stripes(600, 200, [red, green, blue]).jpeg({ quality: 95 }).toBuffer();
    const photo = await resizePhotoForSignature(source, 96);
    expect(photo).toMatchObject({ contentType: "image/jpeg", width: 96, height: 96 });
    expect(await sharp(photo.bytes).metadata()).toMatchObject({
      format: "jpeg",
      width: 96,
      height: 96,
    });
    for (const [x, y] of [
      [2, 2],
      [48, 48],
      [93, 93],
    ] as const) {
      const [r, g, b] = await pixel(photo.bytes, x, y);
      expect(g).toBeGreaterThan(150);
      expect(r! + b!).toBeLessThan(80);
    }
  });

  it("accepts any size and shape, from a thumbnail to a large portrait", async () => {
    for (const [width, height] of [
      [48, 48],
      [648, 648],
      [1200, 3000],
    ] as const) {
      const photo = await resizePhotoForSignature(await solid(width, height, "jpeg"), 96);
      expect([photo.width, photo.height]).toEqual([96, 96]);
      expect(await sharp(photo.bytes).metadata()).toMatchObject({ width: 96, height: 96 });
    }
    const small = await resizePhotoForSignature(await solid(200, 200, "png"), 48);
    expect(small).toMatchObject({ width: 48, height: 48 });
  });

  it("strips EXIF, GPS and every other metadata from the output", async () => {
    const source = await sharp(await noisy(640, 480))
      .withExif({
        IFD0: { Artist: "Agent Secret", Copyright: "Mairie", ImageDescription: "Home address" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 24/1" },
      })
      .jpeg()
      .toBuffer();
    const before = await sharp(source).metadata();
    expect(before.exif?.toString("latin1")).toContain("Agent Secret");

    const photo = await resizePhotoForSignature(source, 96);
    const after = await sharp(photo.bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    const text = Buffer.from(photo.bytes).toString("latin1");
    for (const leak of ["Exif", "Agent Secret", "Home address", "Mairie"]) {
      expect(text).not.toContain(leak);
    }
  });

  it("applies the EXIF orientation before stripping it", async () => {
    const red: [number, number, number] = [220, 0, 0];
    const blue: [number, number, number] = [0, 0, 220];
    // Stored as red | blue side by side, displayed rotated a quarter turn clockwise: red on top.
    const source = await stripes(400, 200, [red, blue])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const photo = await resizePhotoForSignature(source, 96);
    const [topR, , topB] = await pixel(photo.bytes, 48, 10);
    const [bottomR, , bottomB] = await pixel(photo.bytes, 48, 86);
    expect(topR).toBeGreaterThan(150);
    expect(topB).toBeLessThan(80);
    expect(bottomB).toBeGreaterThan(150);
    expect(bottomR).toBeLessThan(80);
  });

  it("gives the same bytes for the same input", async () => {
    const source = await noisy(800, 600);
    const [a, b] = await Promise.all([
      resizePhotoForSignature(source, 96),
      resizePhotoForSignature(source, 96),
    ]);
    const c = await resizePhotoForSignature(Buffer.from(source), 96);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes))).toBe(true);

    const translucent = await solid(300, 200, "png", { r: 255, g: 0, b: 0, alpha: 0.5 });
    const [d, e] = await Promise.all([
      resizePhotoForSignature(translucent, 96),
      resizePhotoForSignature(translucent, 96),
    ]);
    expect(Buffer.from(d.bytes).equals(Buffer.from(e.bytes))).toBe(true);
  });

  it("writes a small baseline JPEG at quality ~82 for an opaque photo", async () => {
    const photo = await resizePhotoForSignature(await noisy(800, 600), 96);
    const metadata = await sharp(photo.bytes).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", isProgressive: false, hasAlpha: false });
    expect(photo.bytes.length).toBeLessThan(15 * 1024);
    expect(await probeImage(photo.bytes)).toMatchObject({ format: "jpeg", width: 96 });
  });

  it("keeps a PNG when the source is transparent", async () => {
    const source = await solid(300, 200, "png", { r: 255, g: 0, b: 0, alpha: 0.5 });
    const photo = await resizePhotoForSignature(source, 96);
    expect(photo).toMatchObject({ contentType: "image/png", width: 96, height: 96 });
    const metadata = await sharp(photo.bytes).metadata();
    expect(metadata).toMatchObject({ format: "png", hasAlpha: true, width: 96, height: 96 });
    expect((await pixel(photo.bytes, 48, 48))[3]).toBe(128);
  });

  it("keeps a PNG for a transparent GIF", async () => {
    const gif = await solid(120, 120, "gif", { r: 0, g: 0, b: 0, alpha: 0 });
    expect((await resizePhotoForSignature(gif, 96)).contentType).toBe("image/png");
  });

  it("writes a JPEG for a PNG whose alpha channel is fully opaque", async () => {
    const source = await sharp(await solid(300, 200))
      .ensureAlpha()
      .png()
      .toBuffer();
    expect((await sharp(source).metadata()).hasAlpha).toBe(true);
    expect((await resizePhotoForSignature(source, 96)).contentType).toBe("image/jpeg");
  });

  it("refuses what is not a decodable PNG, JPEG or GIF", async () => {
    const webp = await sharp(await solid(40, 40))
      .webp()
      .toBuffer();
    const jpeg = await noisy(200, 100);
    for (const bytes of [svg, webp, html, jpeg.subarray(0, jpeg.length / 2)]) {
      await expect(resizePhotoForSignature(bytes, 96)).rejects.toBeInstanceOf(AppError);
    }
    await expect(resizePhotoForSignature(svg, 96)).rejects.toMatchObject({
      code: "unsupported_media_type",
    });
  });

  it("refuses a size that is not a whole number of pixels in range", async () => {
    const jpeg = await solid(100, 100, "jpeg");
    for (const size of [0, -1, 95.5, Number.NaN, 5000]) {
      await expect(resizePhotoForSignature(jpeg, size)).rejects.toBeInstanceOf(RangeError);
    }
  });
});

describe("imageExtension", () => {
  it("names files the usual way", () => {
    expect(imageExtension("png")).toBe("png");
    expect(imageExtension("jpeg")).toBe("jpg");
    expect(imageExtension("gif")).toBe("gif");
  });
});
