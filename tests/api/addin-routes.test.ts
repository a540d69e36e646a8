import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import type { Hono } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../api/src/core/logger";
import { createErrorHandler } from "../../api/src/http/errors";
import { createNotFoundHandler } from "../../api/src/http/not-found";
import { createRouter } from "../../api/src/http/router";
import { addinRoutes } from "../../api/src/modules/addin";
import type { ClientConfig } from "../../api/src/modules/system";
import { validateJsonManifest, validateXmlManifest } from "../../manifests/src/index";

const PUBLIC_URL = "https://relais.test";
const TENANT_ID = "0b7d4c1e-2f3a-4e5b-8c6d-7e8f9a0b1c2d";
const CLIENT_ID = "3c1e7a52-9f04-4b8d-a6e2-5d9b0c7f1e34";
const clientConfig: ClientConfig = {
  mode: "tenant",
  tenantId: TENANT_ID,
  clientId: CLIENT_ID,
  apiScope: `api://${CLIENT_ID}/access_as_user`,
  authority: `https://login.microsoftonline.com/${TENANT_ID}`,
  sandbox: false,
};

/** What esbuild leaves: a strict IIFE that registers the handlers. */
const RUNTIME_BUNDLE =
  '"use strict";(()=>{var c=RELAIS_ADDIN_CONFIG;globalThis.seen={config:c,strict:function(){return this===undefined}()};})();\n';

/**
 * The add-in routes behind the API's own middleware (request ids, the global secure headers
 * that yield to a handler's own, the error contract), as `createApp` stacks them.
 */
function addinApp(addinDistDir: string | undefined, config: ClientConfig = clientConfig) {
  const app = createRouter();
  const logger = createLogger("silent");
  app.use(requestId());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'self'"],
      },
      overwrite: false,
    }),
  );
  app.route(
    "/",
    addinRoutes({
      publicUrl: PUBLIC_URL,
      clientConfig: config,
      logger,
      ...(addinDistDir === undefined ? {} : { addinDistDir }),
    }),
  );
  app.notFound(createNotFoundHandler(app as unknown as Hono<never>));
  app.onError(createErrorHandler(logger));
  return app;
}

let dist: string;
let app: ReturnType<typeof addinApp>;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "relais-addin-dist-"));
  await mkdir(join(dist, "assets"));
  await mkdir(join(dist, "icons"));
  await writeFile(join(dist, "launchevent.js"), RUNTIME_BUNDLE);
  await writeFile(
    join(dist, "launchevent.html"),
    '<!doctype html><script src="launchevent.js"></script>',
  );
  await writeFile(join(dist, "taskpane.html"), "<!doctype html><title>Relais</title>");
  await writeFile(join(dist, "assets/taskpane-C5GJmgFw.js"), "console.log(1);");
  const png = (size: number) =>
    sharp({ create: { width: size, height: size, channels: 4, background: "#006F93" } })
      .png()
      .toBuffer();
  await writeFile(join(dist, "icons/icon-16.png"), await png(16));
  await writeFile(join(dist, "icons/color-192.png"), await png(192));
  await writeFile(join(dist, "icons/outline-32.png"), await png(32));
  app = addinApp(dist);
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe("Outlook add-in manifests served by the API", () => {
  it("serves the XML manifest for its own public URL and Entra app, as a download", async () => {
    const response = await app.request("/manifests/outlook.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="relais-outlook.xml"',
    );
    const xml = await response.text();
    expect(xml).toContain(`DefaultValue="${PUBLIC_URL}/addin/launchevent.js"`);
    expect(xml).toContain(`<Id>${CLIENT_ID}</Id>`);
    expect(xml).toContain(`<Resource>api://${CLIENT_ID}</Resource>`);
    expect(await validateXmlManifest(xml)).toEqual([]);
  });

  it("serves the unified manifest as JSON, valid against its schema", async () => {
    const response = await app.request("/manifests/outlook.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="relais-outlook-manifest.json"',
    );
    const manifest = await response.json();
    expect(manifest.webApplicationInfo).toEqual({ id: CLIENT_ID, resource: `api://${CLIENT_ID}` });
    expect(manifest.extensions[0].runtimes[0].code).toEqual({
      page: `${PUBLIC_URL}/addin/launchevent.html`,
      script: `${PUBLIC_URL}/addin/launchevent.js`,
    });
    expect(validateJsonManifest(manifest)).toEqual([]);
  });

  it("serves the app package with the built icons", async () => {
    const response = await app.request("/manifests/outlook-app.zip");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const names = zipEntryNames(new Uint8Array(await response.arrayBuffer()));
    expect(names).toEqual(["manifest.json", "color.png", "outline.png", "en-us.json"]);
  });

  it("lists the exact event runtime script in the well-known allowed list", async () => {
    const response = await app.request("/.well-known/microsoft-officeaddins-allowed.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ allowed: [`${PUBLIC_URL}/addin/launchevent.js`] });
  });
});

describe("the built add-in under /addin/", () => {
  it("serves launchevent.js with its configuration, keeping the script strict", async () => {
    const response = await app.request("/addin/launchevent.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const script = await response.text();
    expect(script.startsWith('"use strict";\nvar RELAIS_ADDIN_CONFIG = {')).toBe(true);
    const context: { seen?: { config: unknown; strict: boolean } } = {};
    runInNewContext(script, context);
    expect(context.seen).toEqual({
      config: {
        apiBase: PUBLIC_URL,
        clientId: CLIENT_ID,
        apiScope: `api://${CLIENT_ID}/access_as_user`,
        authority: `https://login.microsoftonline.com/${TENANT_ID}`,
      },
      strict: true,
    });
  });

  it("answers 304 to a revalidation with the script's ETag", async () => {
    const first = await app.request("/addin/launchevent.js");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    const again = await app.request("/addin/launchevent.js", {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("changes the script's ETag when the configuration changes", async () => {
    const other = addinApp(dist, {
      ...clientConfig,
      clientId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
    });
    const [a, b] = await Promise.all([
      app.request("/addin/launchevent.js"),
      other.request("/addin/launchevent.js"),
    ]);
    expect(a.headers.get("etag")).not.toBe(b.headers.get("etag"));
  });

  it("serves a rebuilt page without a restart, and the same bytes until then", async () => {
    const page = join(dist, "launchevent.html");
    const before = await app.request("/addin/launchevent.html");
    const etag = before.headers.get("etag");
    expect((await app.request("/addin/launchevent.html")).headers.get("etag")).toBe(etag);
    await writeFile(page, '<!doctype html><script src="launchevent.js?v=2"></script>');
    // A rebuild gives the file a new modification time (set explicitly: same-millisecond writes).
    await utimes(page, new Date(), new Date(Date.now() + 5_000));
    const after = await app.request("/addin/launchevent.html");
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(await after.text()).toContain("launchevent.js?v=2");
  });

  it("escapes < in the configuration so no value can close a script element", async () => {
    const hostile = addinApp(dist, {
      ...clientConfig,
      authority: "https://login.example/</script><script>alert(1)</script>",
    });
    const script = await (await hostile.request("/addin/launchevent.js")).text();
    expect(script).not.toContain("</script>");
    const context: { seen?: { config: { authority: string } } } = {};
    runInNewContext(script, context);
    expect(context.seen?.config.authority).toBe(
      "https://login.example/</script><script>alert(1)</script>",
    );
  });

  it("lets Outlook on the web frame the pages and load Office.js", async () => {
    const response = await app.request("/addin/taskpane.html");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(
      "frame-ancestors 'self' https://outlook.office.com https://outlook.office365.com " +
        "https://outlook.live.com https://outlook.cloud.microsoft https://*.officeapps.live.com",
    );
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com");
    expect(response.headers.get("cache-control")).toBe("no-cache");
  });

  it("allows the sandbox's sign-in origin in embedded mode", async () => {
    const embedded = addinApp(dist, {
      ...clientConfig,
      mode: "embedded",
      sandbox: true,
      authority: "https://127.0.0.1:4455/sandbox/login/tenant",
    });
    const csp = (await embedded.request("/addin/launchevent.html")).headers.get(
      "content-security-policy",
    );
    expect(csp).toContain(
      "connect-src 'self' https://login.microsoftonline.com https://127.0.0.1:4455",
    );
  });

  it("answers HEAD like GET, without a body", async () => {
    const response = await app.request("/addin/taskpane.html", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toMatch(/^"/);
    expect(await response.text()).toBe("");
  });

  it("caches hashed assets for a year and icons for a day", async () => {
    const asset = await app.request("/addin/assets/taskpane-C5GJmgFw.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const icon = await app.request("/addin/icons/icon-16.png");
    expect(icon.headers.get("content-type")).toBe("image/png");
    expect(icon.headers.get("cache-control")).toBe("public, max-age=86400");
  });

  it("answers a missing file with a 404 in the error contract", async () => {
    const response = await app.request("/addin/send-to-communication.html");
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error).toMatchObject({
      code: "not_found",
      message: "The add-in has no file send-to-communication.html.",
    });
    expect(body.error.requestId).toEqual(expect.any(String));
  });

  it("never reads outside the add-in folder", async () => {
    for (const path of [
      "/addin/..%2f..%2fpackage.json",
      "/addin/%2e%2e/%2e%2e/etc/passwd",
      "/addin/%E0%A4%A",
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  it("warns at start when the add-in is not built or PUBLIC_URL is not https", () => {
    const lines: string[] = [];
    const logger = createLogger("warn", { write: (line: string) => lines.push(line) });
    addinRoutes({ publicUrl: "http://127.0.0.1:3000", clientConfig, logger });
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      "Outlook add-in not built: /addin/* answers 404 (the manifests are still served)",
      "PUBLIC_URL is not https: Outlook refuses the add-in manifests this server generates",
    ]);
  });

  it("answers 404, not 500, when the add-in is not built", async () => {
    for (const missing of [undefined, join(dist, "no-such-dist")]) {
      const bare = addinApp(missing);
      for (const path of [
        "/addin/taskpane.html",
        "/addin/launchevent.js",
        "/manifests/outlook-app.zip",
      ]) {
        const response = await bare.request(path);
        expect(response.status, path).toBe(404);
        const body = await response.json();
        expect(body.error.code).toBe("not_found");
        expect(body.error.message).toMatch(/not built on this server/);
      }
      expect((await bare.request("/manifests/outlook.xml")).status).toBe(200);
    }
  });
});

function zipEntryNames(archive: Uint8Array): string[] {
  const buffer = Buffer.from(archive);
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = buffer.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < buffer.readUInt16LE(end + 10); i += 1) {
    const nameLength = buffer.readUInt16LE(offset + 28);
    names.push(buffer.toString("utf8", offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength;
  }
  return names;
}
