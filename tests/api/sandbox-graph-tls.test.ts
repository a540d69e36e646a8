import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxHttpsServer } from "../../api/src/sandbox/https-server";
import { createSandboxCertificates } from "../../api/src/sandbox/tls";
import { type GraphSandbox, startGraphSandbox } from "../support/sandbox-graph";

describe("sandbox Graph over HTTPS", () => {
  let g: GraphSandbox;
  beforeAll(async () => {
    g = await startGraphSandbox();
  });
  afterAll(() => g.close());

  it("is trusted by a client that trusts the sandbox CA, on the IP and on localhost", async () => {
    expect(g.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const byIp = await g.get("/v1.0/users/delta");
    expect(byIp.status).toBe(200);
    const agent = new Agent({ connect: { ca: g.tls.caPem } });
    const byName = await fetch(`https://localhost:${g.server.port}/v1.0/users/delta`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${await g.token()}` },
    });
    expect(byName.status).toBe(200);
    const body = (await byName.json()) as { "@odata.nextLink": string };
    expect(body["@odata.nextLink"]).toMatch(
      /^https:\/\/localhost:\d+\/v1\.0\/users\/delta\?\$skiptoken=/,
    );
    await agent.close();
  });

  it("is refused by a client that does not trust the sandbox CA", async () => {
    const error = await fetch(`${g.url}/v1.0/users/delta`).then(
      () => null,
      (reason: unknown) => reason as Error & { cause?: { code?: string } },
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.cause?.code).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/,
    );
  });
});

describe("createSandboxCertificates", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "relais-tls-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("issues a server certificate for each hostname, signed by a one-year CA", async () => {
    const tls = await createSandboxCertificates({ hostnames: ["127.0.0.1", "localhost", "::1"] });
    const ca = new X509Certificate(tls.caPem);
    const leaf = new X509Certificate(tls.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.1"); // serverAuth
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain("DNS:localhost");
    expect(leaf.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(leaf.subjectAltName).toContain("IP Address:0:0:0:0:0:0:0:1");
    expect(leaf.checkHost("localhost")).toBe("localhost");
    expect(leaf.checkIP("127.0.0.1")).toBe("127.0.0.1");
    const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(367);
    expect(tls.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("keeps the certificates in a 0600 file and reuses them while they fit", async () => {
    const file = join(dir, "nested", "tls.json");
    const first = await createSandboxCertificates({ hostnames: ["127.0.0.1"], file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await createSandboxCertificates({ hostnames: ["127.0.0.1"], file });
    expect(again).toEqual(first);
    const widened = await createSandboxCertificates({
      hostnames: ["127.0.0.1", "relais.local"],
      file,
    });
    expect(widened.certPem).not.toBe(first.certPem);
    expect(new X509Certificate(widened.certPem).subjectAltName).toContain("DNS:relais.local");
  });
});

describe("startSandboxHttpsServer", () => {
  it("closes promptly even with a keep-alive connection open", async () => {
    const tls = await createSandboxCertificates({ hostnames: ["127.0.0.1"] });
    const server = await startSandboxHttpsServer({
      tls,
      fetch: () => new Response("ok", { headers: { connection: "keep-alive" } }),
    });
    const agent = new Agent({ connect: { ca: tls.caPem }, keepAliveTimeout: 60_000 });
    const response = await fetch(`${server.url}/`, { dispatcher: agent });
    expect(await response.text()).toBe("ok");
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(fetch(`${server.url}/`, { dispatcher: agent })).rejects.toThrow();
    await agent.close();
  });
});
