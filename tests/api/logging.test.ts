import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../api/src/app";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";

describe("structured logs", () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await createTestApp("pglite");
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    // The same app, logging to a sink this test reads.
    app = createApp({
      db: t.database.db,
      clock: t.clock,
      ids: randomIds,
      logger: createLogger("info", sink),
      validateToken: async () => {
        throw new Error("validator exploded");
      },
      profiles: async () => null,
      requestSync: async () => null,
      publicUrl: PUBLIC_URL,
      blobs: t.runtime.sync.blobs,
      clientConfig: {
        mode: "embedded",
        tenantId: "t",
        clientId: "c",
        apiScope: "s",
        authority: "https://login.example/t",
        sandbox: true,
      },
      corsOrigins: [],
      sandboxRoutes: t.sandbox.apiRoutes(),
    });
  });
  afterAll(() => t.close());

  it("writes one JSON line per request with id, method, path, status and duration", async () => {
    const response = await app.request("/healthz?secret=should-not-appear");
    const line = lines.find((l) => l.requestId === response.headers.get("x-request-id"));
    expect(line).toMatchObject({ level: "info", method: "GET", path: "/healthz", status: 200 });
    expect(typeof line?.durationMs).toBe("number");
    expect(JSON.stringify(lines)).not.toContain("should-not-appear");
  });

  it("never logs the bearer token or minted tokens, even when a request fails", async () => {
    const token = await t.tokenFor("helene.wamytan@ville-dumbea.nc");
    const failed = await app.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.message).not.toContain("validator exploded");
    const minted = await app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: "helene.wamytan@ville-dumbea.nc" }),
    });
    const { access_token: mintedToken } = await minted.json();
    const everything = JSON.stringify(lines);
    expect(everything).toContain("unhandled error");
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(mintedToken);
    expect(everything).not.toContain(token.split(".")[2]);
  });
});
