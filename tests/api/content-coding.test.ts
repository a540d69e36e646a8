import { randomBytes } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CodedBody } from "../../api/src/core/coded-body";
import { etagFor, preferredCoding } from "../../api/src/http/content-coding";

const json = (size: number) =>
  new TextEncoder().encode(
    JSON.stringify({
      html: '<table role="presentation" width="600" style="font-family:Arial,sans-serif">'.repeat(
        Math.ceil(size / 80),
      ),
    }).slice(0, size),
  );

describe("content coding", () => {
  it("follows the client's Accept-Encoding, Brotli first between equals", () => {
    const cases: [string | undefined, string][] = [
      [undefined, "identity"],
      ["", "identity"],
      ["gzip, deflate, br, zstd", "br"], // Edge WebView2, Chrome
      ["gzip, deflate, br", "br"], // Safari
      ["gzip, deflate", "gzip"], // undici's fetch
      ["deflate", "identity"],
      ["identity", "identity"],
      ["br;q=0, gzip", "gzip"],
      ["gzip;q=1.0, br;q=0.5", "gzip"],
      ["GZIP", "gzip"],
      ["*", "br"],
      ["*;q=0, gzip;q=0", "identity"],
      ["zstd;q=0.9, br;q=0.1", "br"],
      ["not a header ;;; q=x", "identity"],
    ];
    for (const [header, expected] of cases) {
      expect([header, preferredCoding(header)]).toEqual([header, expected]);
      // Remembered per header value: asking again gives the same answer.
      expect(preferredCoding(header)).toBe(expected);
    }
  });

  it("compresses a body once per coding and gives back the same bytes", () => {
    const identity = json(5600);
    const body = new CodedBody(identity);
    const br = body.in("br");
    const gzip = body.in("gzip");
    expect(br.coding).toBe("br");
    expect(gzip.coding).toBe("gzip");
    expect(br.bytes.byteLength).toBeLessThan(identity.byteLength / 4);
    expect(gzip.bytes.byteLength).toBeLessThan(identity.byteLength / 4);
    expect(Buffer.from(brotliDecompressSync(br.bytes)).equals(Buffer.from(identity))).toBe(true);
    expect(Buffer.from(gunzipSync(gzip.bytes)).equals(Buffer.from(identity))).toBe(true);
    expect(body.in("br").bytes).toBe(br.bytes);
    expect(body.in("gzip").bytes).toBe(gzip.bytes);
    expect(body.in("identity")).toEqual({ bytes: identity, coding: "identity" });
  });

  it("sends small bodies and incompressible ones as they are", () => {
    const small = new TextEncoder().encode('{"ok":true}');
    expect(new CodedBody(small).in("br")).toEqual({ bytes: small, coding: "identity" });
    const noise = new Uint8Array(randomBytes(4096));
    const random = new CodedBody(noise);
    expect(random.in("gzip").coding).toBe("identity");
    expect(random.in("gzip").bytes).toBe(noise);
  });

  it("weakens the ETag of a coded answer only", () => {
    expect(etagFor('"abc"', "identity")).toBe('"abc"');
    expect(etagFor('"abc"', "br")).toBe('W/"abc"');
    expect(etagFor('"abc"', "gzip")).toBe('W/"abc"');
    expect(etagFor('W/"abc"', "gzip")).toBe('W/"abc"');
  });
});
