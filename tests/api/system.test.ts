import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/src/app";
import { systemClock } from "../../api/src/core/clock";
import { AppError } from "../../api/src/core/errors";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import type { DatabaseHandle } from "../../api/src/db/client";
import type { AppEnv } from "../../api/src/http/env";
import { responseHeaders } from "../../api/src/http/middleware/response-headers";
import { createDiskBlobStore } from "../../api/src/storage/blob-store";
import { createTestApp, type TestApp } from "../support/app";
import { createTestDatabase, dbKinds } from "../support/db";

/** The API on a database the test controls (unmigrated, closed): no sandbox needed for /readyz. */
function appOn(handle: DatabaseHandle) {
  return createApp({
    db: handle.db,
    clock: systemClock,
    ids: randomIds,
    logger: createLogger("silent"),
    validateToken: async () => {
      throw new AppError("unauthenticated", "no tokens here");
    },
    profiles: async () => null,
    requestSync: async () => null,
    clientConfig: {
      mode: "embedded",
      tenantId: "t",
      clientId: "c",
      apiScope: "s",
      authority: "https://login.example/t",
      sandbox: true,
    },
    corsOrigins: [],
    publicUrl: "https://relais.test",
    blobs: createDiskBlobStore(join(tmpdir(), "relais-system-test-blobs")),
  });
}

describe.each(dbKinds)("system endpoints on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it("reports the process alive on /healthz", async () => {
    const response = await t.app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("reports ready on /readyz once every migration is applied", async () => {
    const response = await t.app.request("/readyz");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("ready");
    expect(body.database).toBe("up");
    expect(body.migrations.pending).toBe(0);
    expect(body.migrations.applied).toBeGreaterThanOrEqual(1);
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it("answers 503 on /readyz while migrations are not applied", async () => {
    const empty = await createTestDatabase(kind, { migrate: false });
    try {
      const response = await appOn(empty).request("/readyz");
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body.status).toBe("not_ready");
      expect(body.migrations.applied).toBe(0);
      expect(body.migrations.pending).toBe(body.migrations.expected);
    } finally {
      await empty.close();
    }
  });

  it("answers 503 on /readyz when the database is gone", async () => {
    const db = await createTestDatabase(kind);
    const app = appOn(db);
    await db.close();
    const response = await app.request("/readyz");
    expect(response.status).toBe(503);
    expect((await response.json()).database).toBe("down");
  });

  it("exposes the client configuration without a token", async () => {
    const response = await t.app.request("/api/client-config");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      mode: "embedded",
      sandbox: true,
      tenantId: t.sandbox.tenant.tenantId,
    });
  });
});

describe("HTTP conventions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite", { corsOrigins: ["https://intranet.ville-dumbea.nc"] });
  });
  afterAll(() => t.close());

  it("gives every response a request id, and keeps a sane incoming one", async () => {
    const generated = await t.app.request("/healthz");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.app.request("/healthz", { headers: { "x-request-id": "trace-42" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-42");
  });

  it("gives API answers the API's security headers, and pages a browser renders the document's", async () => {
    for (const path of ["/healthz", "/does-not-exist", "/openapi.json", "/api/me"]) {
      const response = await t.app.request(path);
      expect(response.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      // Headers that only mean something to a rendered document are not sent with data.
      expect(response.headers.get("x-dns-prefetch-control")).toBeNull();
      expect(response.headers.get("cross-origin-opener-policy")).toBeNull();
    }
    for (const path of ["/docs", "/docs/assets/init.js"]) {
      const response = await t.app.request(path);
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    // A path that merely starts like a page's is still the API's.
    expect((await t.app.request("/docsx")).headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it("keeps a route's own security header, and gives a hand-built Response the shared ones", async () => {
    const app = new Hono<AppEnv>();
    app.use(responseHeaders({ ids: randomIds, documentPaths: ["/page"] }));
    app.get("/own", (c) => c.body("x", 200, { "Content-Security-Policy": "sandbox" }));
    app.get("/raw", () => new Response("y", { headers: { "content-type": "text/plain" } }));
    app.get(
      "/page/raw",
      () => new Response("<p>z</p>", { headers: { "content-type": "text/html" } }),
    );
    const own = await app.request("/own");
    expect(own.headers.get("content-security-policy")).toBe("sandbox");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    const raw = await app.request("/raw", { headers: { "x-request-id": "trace-7" } });
    expect(await raw.text()).toBe("y");
    expect(raw.headers.get("x-request-id")).toBe("trace-7");
    expect(raw.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    const page = await app.request("/page/raw");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // An incoming id that could forge a log line or a header is replaced by a new one.
    const unsafe = await app.request("/own", { headers: { "x-request-id": "a b<script>" } });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("allows CORS from configured origins only", async () => {
    const preflight = (origin: string) =>
      t.app.request("/api/me", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
    const allowed = await preflight("https://intranet.ville-dumbea.nc");
    expect(allowed.headers.get("access-control-allow-origin")).toBe(
      "https://intranet.ville-dumbea.nc",
    );
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );
    const refused = await preflight("https://evil.example");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();

    for (const path of ["/healthz", "/api/me", "/does-not-exist"]) {
      const actual = await t.app.request(path, {
        headers: { origin: "https://intranet.ville-dumbea.nc" },
      });
      expect(actual.headers.get("access-control-allow-origin")).toBe(
        "https://intranet.ville-dumbea.nc",
      );
      expect(actual.headers.get("access-control-expose-headers")).toContain("ETag");
      expect(actual.headers.get("vary")).toContain("Origin");
      expect(actual.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const other = await t.app.request(path, { headers: { origin: "https://evil.example" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      expect(other.headers.get("vary")).toContain("Origin");
    }
  });

  it("publishes an OpenAPI 3.1 document generated from the routes", async () => {
    const response = await t.app.request("/openapi.json");
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/healthz", "/readyz", "/api/me", "/api/audit", "/sandbox/token"]),
    );
    expect(doc.paths["/api/me"].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/api/me"].get.responses["401"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("serves an interactive API reference with local assets only", async () => {
    const page = await t.app.request("/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/docs/assets/init.js");
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await t.app.request("/docs/assets/swagger-ui-bundle.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
    const init = await (await t.app.request("/docs/assets/init.js")).text();
    expect(init).toContain('url: "/openapi.json"');
  });
});
