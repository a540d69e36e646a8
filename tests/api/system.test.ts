import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/src/app";
import { systemClock } from "../../api/src/core/clock";
import { AppError } from "../../api/src/core/errors";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import type { DatabaseHandle } from "../../api/src/db/client";
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

  it("sets security headers on every response", async () => {
    for (const path of ["/healthz", "/does-not-exist"]) {
      const response = await t.app.request(path);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=/);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    }
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
