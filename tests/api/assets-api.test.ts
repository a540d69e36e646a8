import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomIds } from "../../api/src/core/ids";
import { agentOverrides, agents, assets, photoRenditions } from "../../api/src/db/schema";
import { assetUrl, photoUrl } from "../../api/src/modules/assets";
import { listAuditRows } from "../../api/src/modules/audit";
import { sha256Hex } from "../../api/src/storage/blob-store";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

type Rgba = { r: number; g: number; b: number; alpha: number };

function solid(
  width: number,
  height: number,
  format: "png" | "jpeg" | "gif" | "webp",
  background: Rgba = { r: 0, g: 120, b: 200, alpha: 1 },
): Promise<Buffer> {
  const channels = background.alpha < 1 ? 4 : 3;
  return sharp({ create: { width, height, channels, background } }).toFormat(format).toBuffer();
}

/** Noise does not compress: a PNG far over a logo's 50 KB while within its dimensions. */
function noisyPng(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
}

describe.each(dbKinds)("assets API on %s", (kind) => {
  let t: TestApp;
  const tokens = { editor: "", admin: "", agent: "" };

  beforeAll(async () => {
    t = await createTestApp(kind, { sync: true });
    tokens.editor = await t.tokenFor(t.withRole("Relais.Editor").userPrincipalName);
    tokens.admin = await t.tokenFor(t.withRole("Relais.Admin").userPrincipalName);
    tokens.agent = await t.tokenFor(t.withRole(null).userPrincipalName);
  });
  afterAll(() => t.close());

  const upload = (
    bytes: Uint8Array,
    query: string,
    options: { as?: keyof typeof tokens | null; headers?: Record<string, string> } = {},
  ) => {
    const as = options.as === undefined ? "editor" : options.as;
    return t.app.request(`/api/assets?${query}`, {
      method: "POST",
      headers: {
        "content-type": "application/octet-stream",
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...options.headers,
      },
      body: new Uint8Array(bytes),
    });
  };
  const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
    t.app.request(path, { method, headers });
  const editorHeaders = () => ({ authorization: `Bearer ${tokens.editor}` });

  describe("upload", () => {
    it.each([
      ["png", "logo", 200, 80, "image/png", "png"],
      ["jpeg", "banner", 600, 120, "image/jpeg", "jpg"],
      ["gif", "icon", 32, 32, "image/gif", "gif"],
    ] as const)(
      "stores a %s %s: 201 with its dimensions and an absolute URL",
      async (format, assetKind, width, height, contentType, extension) => {
        const bytes = await solid(width, height, format);
        const response = await upload(
          bytes,
          `kind=${assetKind}&name=${encodeURIComponent("Logo Ville.png")}`,
          {
            headers: { "content-type": contentType },
          },
        );
        expect(response.status).toBe(201);
        const body = await response.json();
        const hash = sha256Hex(bytes);
        expect(body).toEqual({
          hash,
          kind: assetKind,
          name: "Logo Ville.png",
          contentType,
          width,
          height,
          bytes: bytes.byteLength,
          url: `${PUBLIC_URL}/assets/${hash}.${extension}`,
          createdAt: t.clock.now().toISOString(),
        });
        expect(await t.runtime.sync.blobs.has(hash)).toBe(true);

        const again = await upload(bytes, `kind=${assetKind}`);
        expect(again.status).toBe(200);
        expect(await again.json()).toEqual(body);
        const rows = await t.database.db.select().from(assets).where(eq(assets.hash, hash));
        expect(rows).toHaveLength(1);
        const audit = await listAuditRows(t.database.db, {
          entity: "asset",
          entityId: hash,
          limit: 10,
        });
        expect(audit.map((row) => row.action)).toEqual(["asset.uploaded"]);
      },
    );

    it("lets an Admin upload, raw bytes without any Content-Type", async () => {
      const bytes = await solid(40, 40, "png", { r: 200, g: 30, b: 30, alpha: 1 });
      const response = await t.app.request("/api/assets?kind=icon", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.admin}` },
        body: new Uint8Array(bytes),
      });
      expect(response.status).toBe(201);
      expect((await response.json()).name).toBeNull();
    });

    it("replays a retried POST with the same Idempotency-Key", async () => {
      const bytes = await solid(120, 60, "png", { r: 10, g: 160, b: 90, alpha: 1 });
      const headers = { "idempotency-key": `upload-${randomIds.uuid()}` };
      const first = await upload(bytes, "kind=logo", { headers });
      expect(first.status).toBe(201);
      const retry = await upload(bytes, "kind=logo", { headers });
      expect(retry.status).toBe(201);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(await retry.json()).toEqual(await first.json());
    });

    it.each([
      [
        "SVG",
        async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
        "SVG",
      ],
      ["WebP", () => solid(100, 50, "webp"), "WebP"],
      ["HTML", async () => Buffer.from("<!doctype html><html><body>hi</body></html>"), "HTML"],
      ["garbage", async () => randomBytes(2048), null],
    ] as const)("refuses %s: 422 unsupported_format, in French first", async (_, make, named) => {
      const response = await upload(await make(), "kind=logo");
      expect(response.status).toBe(422);
      const body = await response.json();
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details.code).toBe("unsupported_format");
      expect(body.error.details.message.fr).toMatch(/doit être une image PNG, JPEG ou GIF/);
      expect(body.error.details.message.en).toMatch(/must be a PNG, JPEG or GIF/);
      expect(body.error.message).toBe(body.error.details.message.fr);
      if (named) expect(body.error.details.message.fr).toContain(named);
      expect(body.error.details.limits).toMatchObject({ maxBytes: 50 * 1024, maxWidth: 600 });
      expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    });

    it("refuses a damaged PNG as unsupported_format, never a 500", async () => {
      const bytes = await solid(200, 80, "png");
      const response = await upload(bytes.subarray(0, bytes.length - 30), "kind=logo");
      expect(response.status).toBe(422);
      expect((await response.json()).error.details.code).toBe("unsupported_format");
    });

    it("refuses an image over its kind's weight: 422 too_large", async () => {
      const bytes = await noisyPng(300, 200);
      expect(bytes.byteLength).toBeGreaterThan(50 * 1024);
      const response = await upload(bytes, "kind=logo");
      expect(response.status).toBe(422);
      const { details } = (await response.json()).error;
      expect(details.code).toBe("too_large");
      expect(details.message.fr).toMatch(/^Le logo pèse .* Ko, maximum 50 Ko\./);
      expect(details.limits.maxBytes).toBe(50 * 1024);
      expect(details.observed).toEqual({ bytes: bytes.byteLength, maxBytes: 50 * 1024 });
    });

    it("refuses a body over 1 MB with 413 before reading it all", async () => {
      const response = await upload(new Uint8Array(1024 * 1024 + 1), "kind=banner");
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe("payload_too_large");
    });

    it("refuses a multipart form with 415 and says to send the raw bytes", async () => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(await solid(20, 20, "png"))]), "a.png");
      const response = await t.app.request("/api/assets?kind=icon", {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.editor}` },
        body: form,
      });
      expect(response.status).toBe(415);
      const body = await response.json();
      expect(body.error.code).toBe("unsupported_media_type");
      expect(body.error.details.message.fr).toMatch(/pas un formulaire/);
    });

    it("refuses an unknown or missing kind with 422", async () => {
      const bytes = await solid(20, 20, "png");
      for (const query of ["kind=wallpaper", "name=x"]) {
        const response = await upload(bytes, query);
        expect(response.status).toBe(422);
        const body = await response.json();
        expect(body.error.code).toBe("validation_failed");
        expect(body.error.details[0]).toMatchObject({ location: "query", path: "kind" });
      }
    });

    it("requires an Editor (403) and a token (401)", async () => {
      const bytes = await solid(20, 20, "png");
      const forbidden = await upload(bytes, "kind=icon", { as: "agent" });
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).error.code).toBe("forbidden");
      const anonymous = await upload(bytes, "kind=icon", { as: null });
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error.code).toBe("unauthenticated");
    });
  });

  describe("list and metadata", () => {
    it("lists newest first, filtered by kind, for Editors only", async () => {
      const older = await solid(300, 100, "png", { r: 1, g: 2, b: 3, alpha: 1 });
      const newer = await solid(300, 100, "png", { r: 4, g: 5, b: 6, alpha: 1 });
      await upload(older, "kind=banner&name=older");
      t.clock.advance(60_000);
      await upload(newer, "kind=banner&name=newer");

      const response = await get("/api/assets?kind=banner", editorHeaders());
      expect(response.status).toBe(200);
      const { items } = await response.json();
      const names = items.map((item: { name: string | null }) => item.name);
      expect(names.indexOf("newer")).toBeLessThan(names.indexOf("older"));
      expect(items.every((item: { kind: string }) => item.kind === "banner")).toBe(true);

      const all = await (await get("/api/assets?limit=500", editorHeaders())).json();
      expect(all.items.map((item: { kind: string }) => item.kind)).toEqual(
        expect.arrayContaining(["logo", "banner", "icon"]),
      );

      const forbidden = await get("/api/assets", { authorization: `Bearer ${tokens.agent}` });
      expect(forbidden.status).toBe(403);
    });

    it("returns one asset's metadata, 404 for an unknown hash", async () => {
      const bytes = await solid(64, 64, "png", { r: 9, g: 9, b: 9, alpha: 1 });
      const created = await (await upload(bytes, "kind=icon")).json();
      const response = await get(`/api/assets/${created.hash}`, editorHeaders());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(created);

      const missing = await get(`/api/assets/${"0".repeat(64)}`, editorHeaders());
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.code).toBe("not_found");
      expect((await get("/api/assets/not-a-hash", editorHeaders())).status).toBe(422);
    });
  });

  describe("public files", () => {
    it("serves the exact bytes, cached for good, with an ETag and 304", async () => {
      const bytes = await solid(150, 50, "jpeg", { r: 250, g: 200, b: 0, alpha: 1 });
      const created = await (await upload(bytes, "kind=logo")).json();
      const path = new URL(created.url).pathname;
      expect(path).toBe(`/assets/${created.hash}.jpg`);

      const response = await get(path);
      expect(response.status).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(bytes));
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("etag")).toBe(`"${created.hash}"`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");

      const revalidated = await get(path, { "if-none-match": `W/"x", "${created.hash}"` });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe("");
      expect(revalidated.headers.get("etag")).toBe(`"${created.hash}"`);
      expect((await get(path, { "if-none-match": '"other"' })).status).toBe(200);

      const head = await get(path, {}, "HEAD");
      expect(head.status).toBe(200);
      expect(head.headers.get("content-type")).toBe("image/jpeg");
      expect(head.headers.get("content-length")).toBe(String(bytes.byteLength));
      expect(await head.text()).toBe("");
    });

    it("answers 404 in the error contract for a wrong extension or an unknown hash", async () => {
      const bytes = await solid(90, 30, "png", { r: 0, g: 0, b: 90, alpha: 1 });
      const { hash } = await (await upload(bytes, "kind=logo")).json();
      for (const path of [
        `/assets/${hash}.jpg`,
        `/assets/${hash}.PNG`,
        `/assets/${hash}`,
        `/assets/${hash.toUpperCase()}.png`,
        `/assets/${"0".repeat(64)}.png`,
        "/assets/..%2Fetc%2Fpasswd.png",
      ]) {
        const response = await get(path);
        expect(response.status, path).toBe(404);
        const body = await response.json();
        expect(body.error.code).toBe("not_found");
        expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
      }
    });

    it("never serves a blob that is not an uploaded asset", async () => {
      const photo = await solid(50, 50, "jpeg");
      const hash = await t.runtime.sync.blobs.put(photo);
      expect((await get(`/assets/${hash}.jpg`)).status).toBe(404);
    });

    it("sets the headers that let any mail client show the image, and nothing more", async () => {
      // Through the whole app: its secureHeaders must keep them (`overwrite: false`, app.ts).
      const bytes = await solid(100, 40, "gif");
      const { hash } = await (await upload(bytes, "kind=logo")).json();
      const response = await t.app.request(`/assets/${hash}.gif`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/gif");
      expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    });
  });

  describe("photo renditions", () => {
    async function seedAgentPhoto(bytes: Uint8Array, contentType: string) {
      const hash = await t.runtime.sync.blobs.put(bytes);
      const [agent] = await t.database.db
        .select({ id: agents.id })
        .from(agents)
        .where(eq(agents.accountEnabled, true))
        .limit(1);
      if (!agent) throw new Error("the sync wrote no agent");
      await t.database.db
        .update(agents)
        .set({ photoHash: hash, photoContentType: contentType })
        .where(eq(agents.id, agent.id));
      return { hash, agentId: agent.id };
    }
    const renditionRows = (sourceHash: string) =>
      t.database.db
        .select()
        .from(photoRenditions)
        .where(eq(photoRenditions.sourceHash, sourceHash));

    it("resizes an agent's photo once to a 96 px JPEG square, then serves the stored one", async () => {
      const source = await sharp({
        create: { width: 300, height: 400, channels: 3, background: "#3366aa" },
      })
        .jpeg()
        .withExifMerge({ IFD0: { Copyright: "secret" } })
        .toBuffer();
      const { hash } = await seedAgentPhoto(source, "image/jpeg");
      const url = photoUrl(PUBLIC_URL, hash, 96);
      expect(url).toBe(`${PUBLIC_URL}/assets/photos/${hash}/96.jpg`);

      const first = await get(new URL(url).pathname);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe("image/jpeg");
      expect(first.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const bytes = new Uint8Array(await first.arrayBuffer());
      const metadata = await sharp(bytes).metadata();
      expect(metadata).toMatchObject({ format: "jpeg", width: 96, height: 96 });
      expect(metadata.exif).toBeUndefined();
      expect(first.headers.get("etag")).toBe(`"${sha256Hex(bytes)}"`);

      const second = await get(new URL(url).pathname);
      expect(new Uint8Array(await second.arrayBuffer())).toEqual(bytes);
      const rows = await renditionRows(hash);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        size: 96,
        hash: sha256Hex(bytes),
        contentType: "image/jpeg",
      });

      const revalidated = await get(new URL(url).pathname, {
        "if-none-match": `"${rows[0]?.hash}"`,
      });
      expect(revalidated.status).toBe(304);

      const large = await get(`/assets/photos/${hash}/192.jpg`);
      expect((await sharp(new Uint8Array(await large.arrayBuffer())).metadata()).width).toBe(192);
      expect(await renditionRows(hash)).toHaveLength(2);
    });

    it("flattens a transparent photo onto white so the URL stays .jpg", async () => {
      const source = await solid(120, 120, "png", { r: 0, g: 0, b: 0, alpha: 0.2 });
      const { hash } = await seedAgentPhoto(source, "image/png");
      const response = await get(`/assets/photos/${hash}/96.jpg`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      const { data } = await sharp(new Uint8Array(await response.arrayBuffer()))
        .raw()
        .toBuffer({ resolveWithObject: true });
      // 20 % black over white.
      expect(data[0]).toBeGreaterThan(195);
      expect(data[0]).toBeLessThan(215);
    });

    it("resizes the custom photo an Editor chose in an override", async () => {
      const bytes = await solid(200, 200, "png", { r: 20, g: 140, b: 60, alpha: 1 });
      const { hash } = await (await upload(bytes, "kind=photo")).json();
      const [agent] = await t.database.db.select({ id: agents.id }).from(agents).limit(1);
      await t.database.db.insert(agentOverrides).values({
        agentId: agent?.id ?? "",
        photoMode: "custom",
        customPhotoHash: hash.toUpperCase(),
        updatedAt: t.clock.now(),
      });
      const response = await get(`/assets/photos/${hash}/192.jpg`);
      expect(response.status).toBe(200);
      expect((await sharp(new Uint8Array(await response.arrayBuffer())).metadata()).width).toBe(
        192,
      );
    });

    it("answers 404 for a hash that is no agent's photo, a size or an extension not offered", async () => {
      const source = await solid(100, 100, "jpeg", { r: 90, g: 10, b: 10, alpha: 1 });
      const { hash } = await seedAgentPhoto(source, "image/jpeg");
      const logo = await solid(80, 80, "png", { r: 1, g: 99, b: 1, alpha: 1 });
      const { hash: logoHash } = await (await upload(logo, "kind=logo")).json();
      for (const path of [
        `/assets/photos/${logoHash}/96.jpg`,
        `/assets/photos/${"0".repeat(64)}/96.jpg`,
        `/assets/photos/${hash}/500.jpg`,
        `/assets/photos/${hash}/95.jpg`,
        `/assets/photos/${hash}/96.png`,
        `/assets/photos/${hash}/96`,
        `/assets/photos/${hash}/096.jpg`,
      ]) {
        const response = await get(path);
        expect(response.status, path).toBe(404);
        expect((await response.json()).error.code).toBe("not_found");
      }
      expect(await renditionRows(logoHash)).toHaveLength(0);
      expect(await renditionRows(hash)).toHaveLength(0);
    });
  });
});

describe("asset URLs", () => {
  const hash = "ab".repeat(32);

  it("builds absolute URLs with the stored format's extension", () => {
    expect(assetUrl("http://localhost:3000/", { hash, contentType: "image/png" })).toBe(
      `http://localhost:3000/assets/${hash}.png`,
    );
    expect(assetUrl(PUBLIC_URL, { hash, contentType: "image/jpeg" })).toBe(
      `${PUBLIC_URL}/assets/${hash}.jpg`,
    );
    expect(assetUrl("https://ville-dumbea.nc/relais/", { hash, contentType: "image/gif" })).toBe(
      `https://ville-dumbea.nc/relais/assets/${hash}.gif`,
    );
    expect(() => assetUrl(PUBLIC_URL, { hash, contentType: "image/webp" })).toThrow();
    expect(() => assetUrl("/relative", { hash, contentType: "image/png" })).toThrow();
  });

  it("builds photo URLs from the source hash alone", () => {
    expect(photoUrl(PUBLIC_URL, hash.toUpperCase(), 192)).toBe(
      `${PUBLIC_URL}/assets/photos/${hash}/192.jpg`,
    );
  });
});
