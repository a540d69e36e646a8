import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../api/src/core/logger";
import { createAppTokenProvider } from "../../api/src/integrations/graph/token-provider";
import { SANDBOX_API_CLIENT_ID, SANDBOX_API_SECRET } from "../../api/src/sandbox";
import { createTestApp, type TestApp } from "../support/app";

/** A self-signed RSA certificate, as an admin would upload to the app registration. */
async function selfSignedCertificate(commonName: string) {
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(globalThis.crypto);
  const algorithm = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await globalThis.crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 365 * 24 * 3600_000),
    signingAlgorithm: algorithm,
    keys,
  });
  const pkcs8 = Buffer.from(
    await globalThis.crypto.subtle.exportKey("pkcs8", keys.privateKey),
  ).toString("base64");
  return {
    certificatePem: certificate.toString("pem"),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join("\n")}\n-----END PRIVATE KEY-----\n`,
  };
}

describe("app-only Graph tokens through MSAL against the sandbox tenant", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(() => t.close());

  const provider = (credential: Parameters<typeof createAppTokenProvider>[0]["credential"]) =>
    createAppTokenProvider({
      tenantId: t.sandbox.tenant.tenantId,
      clientId: SANDBOX_API_CLIENT_ID,
      credential,
      authorityHost: t.sandbox.origin,
      graphResource: "https://graph.microsoft.com",
      fetch: t.runtime.fetch,
      logger: createLogger("silent"),
    });

  const claims = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());

  it("gets a Graph token with the client secret, and serves it from MSAL's cache", async () => {
    const tokens = provider({ kind: "secret", secret: SANDBOX_API_SECRET });
    const first = await tokens.getToken();
    expect(claims(first)).toMatchObject({
      aud: "https://graph.microsoft.com",
      azp: SANDBOX_API_CLIENT_ID,
    });
    expect(claims(first).roles).toEqual(
      expect.arrayContaining(["User.Read.All", "GroupMember.Read.All"]),
    );
    expect(await tokens.getToken()).toBe(first);
    expect(await tokens.getToken({ forceRefresh: true })).not.toBe(first);
  });

  it("gets a Graph token with a registered certificate (signed client assertion)", async () => {
    const registered = await selfSignedCertificate("Relais API");
    t.sandbox.registerAppCertificate(SANDBOX_API_CLIENT_ID, registered.certificatePem);
    const token = await provider({ kind: "certificate", ...registered }).getToken();
    expect(claims(token)).toMatchObject({ aud: "https://graph.microsoft.com", idtyp: "app" });
  });

  it("is refused with a certificate the app registration does not know, or a wrong secret", async () => {
    const unknown = await selfSignedCertificate("Someone else");
    await expect(provider({ kind: "certificate", ...unknown }).getToken()).rejects.toThrow(
      /invalid_client|700027/,
    );
    await expect(provider({ kind: "secret", secret: "wrong" }).getToken()).rejects.toThrow(
      /invalid_client|7000215/,
    );
  });
});
