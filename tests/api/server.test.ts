import { mkdtempSync, rmSync } from "node:fs";
import { get as httpGet, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../api/src/config";
import { createLogger } from "../../api/src/core/logger";
import { type RunningServer, start } from "../../api/src/main";
import { createTestDatabase, dbKinds } from "../support/db";
import { freePort } from "../support/ports";

describe.each(dbKinds)("the API process on %s", (kind) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start(
      loadConfig({ PORT: "0", LOG_LEVEL: "silent", CORS_ORIGINS: "https://intranet.example" }),
      {
        database: await createTestDatabase(kind, { migrate: false }),
        logger: createLogger("silent"),
        ephemeral: true,
      },
    );
  });
  afterAll(() => server.close());

  it("migrates at start and becomes ready", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).migrations.pending).toBe(0);
  });

  it("signs in as a sandbox agent over HTTP and validates the token against its own JWKS", async () => {
    const agents = (await (await fetch(`${server.url}/sandbox/agents`)).json()).agents as {
      userPrincipalName: string;
      displayName: string;
    }[];
    expect(agents.length).toBeGreaterThan(350);
    const approver = agents.find((agent) => agent.displayName === "Marie-Claude Gorodey");
    expect(approver).toBeDefined();
    const tokenResponse = await fetch(`${server.url}/sandbox/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: approver!.userPrincipalName }),
    });
    expect(tokenResponse.status).toBe(200);
    const { access_token: token } = await tokenResponse.json();
    const me = await fetch(`${server.url}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      displayName: "Marie-Claude Gorodey",
      department: "Cabinet du Maire",
      roles: ["Relais.Approver"],
    });
  });

  it("reads the request's headers and writes the shared ones through Node's server", async () => {
    const token = await tokenOver(server.url, "helene.wamytan@ville-dumbea.nc");
    const headers = {
      authorization: `Bearer ${token}`,
      origin: "https://intranet.example",
      "x-request-id": "trace-http-1",
    };
    const url = `${server.url}/api/signatures/me?variant=new&mailbox=helene.wamytan%40ville-dumbea.nc`;
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    expect((await first.json()).mailbox).toBe("self");
    expect(first.headers.get("x-request-id")).toBe("trace-http-1");
    expect(first.headers.get("access-control-allow-origin")).toBe("https://intranet.example");
    expect(first.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(first.headers.get("vary")).toBe("Origin, Authorization, Accept-Encoding");
    expect(first.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    const etag = first.headers.get("etag") ?? "";
    const again = await fetch(url, { headers: { ...headers, "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("access-control-allow-origin")).toBe("https://intranet.example");
    const foreign = await fetch(url, { headers: { ...headers, origin: "https://evil.example" } });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    // The add-in's webview asks for Brotli or gzip: the same JSON, compressed once and kept.
    const plain = await rawGet(url, { ...headers, "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const identity = plain.body.toString("utf8");
    // Fetch asked for gzip: its answer's tag is the weak form of the JSON's own (strong) ETag.
    const strong = JSON.parse(identity).etag as string;
    expect(plain.headers.etag).toBe(strong);
    expect(etag).toBe(`W/${strong}`);
    for (const [accept, coding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip, deflate", "gzip"],
      ["br;q=0, gzip", "gzip"],
    ] as const) {
      const raw = await rawGet(url, { ...headers, "accept-encoding": accept });
      expect(raw.status).toBe(200);
      expect(raw.headers["content-encoding"]).toBe(coding);
      expect(raw.headers.vary).toBe("Origin, Authorization, Accept-Encoding");
      expect(raw.headers.etag).toBe(`W/${strong}`);
      expect(Number(raw.headers["content-length"])).toBe(raw.body.byteLength);
      const decoded = coding === "br" ? brotliDecompressSync(raw.body) : gunzipSync(raw.body);
      expect(decoded.toString("utf8")).toBe(identity);
      expect(raw.body.byteLength).toBeLessThan(decoded.byteLength / 2);
      // The add-in revalidates with the ETag of the body's JSON (strong) or of the header (weak).
      for (const tag of [strong, `W/${strong}`]) {
        const revalidated = await rawGet(url, {
          ...headers,
          "accept-encoding": accept,
          "if-none-match": tag,
        });
        expect(revalidated.status).toBe(304);
        expect(revalidated.headers.etag).toBe(`W/${strong}`);
        expect(revalidated.headers["content-encoding"]).toBeUndefined();
      }
    }
    const anonymous = await fetch(url, { headers: { origin: "https://intranet.example" } });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.requestId).toBe(anonymous.headers.get("x-request-id"));
    expect(anonymous.headers.get("access-control-allow-origin")).toBe("https://intranet.example");
  });
});

/** A GET without fetch's transparent decompression: the bytes and headers as sent. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on("error", reject);
    }).on("error", reject);
  });
}

async function tokenOver(url: string, userPrincipalName: string): Promise<string> {
  const response = await fetch(`${url}/sandbox/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userPrincipalName }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("the embedded default", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "relais-data-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates its PGlite store and signing keys under DATA_DIR and reuses them after a restart", async () => {
    const config = loadConfig({
      PORT: String(await freePort()),
      SANDBOX_HTTPS_PORT: String(await freePort()),
      LOG_LEVEL: "silent",
      DATA_DIR: dataDir,
    });
    const first = await start(config, { logger: createLogger("silent") });
    const token = (
      await (
        await fetch(`${first.url}/sandbox/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ userPrincipalName: "helene.wamytan@ville-dumbea.nc" }),
        })
      ).json()
    ).access_token as string;
    await first.close();

    const second = await start(config, { logger: createLogger("silent") });
    try {
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
      // A token from before the restart still opens the API: the sandbox keys were kept.
      const me = await fetch(`${second.url}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(me.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
