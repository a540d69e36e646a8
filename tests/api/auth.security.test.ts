import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GRAPH_AUDIENCE } from "../../api/src/sandbox";
import { createTestApp, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

const HELENE = "helene.wamytan@ville-dumbea.nc";

describe.each(dbKinds)("token validation on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { sync: true });
  });
  afterAll(() => t.close());

  const me = (authorization?: string) =>
    t.app.request("/api/me", { headers: authorization ? { authorization } : {} });

  async function expectUnauthenticated(response: Response, message?: RegExp) {
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    if (message) expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  }

  /** Claims a genuine sandbox user token would carry, signed with the sandbox's own key. */
  function baseClaims(overrides: Record<string, unknown> = {}) {
    const user = t.sandbox.directory.users.find((u) => u.userPrincipalName === HELENE)!;
    const now = Math.floor(t.clock.now().getTime() / 1000);
    return {
      iss: t.sandbox.trust.issuer,
      aud: t.sandbox.tenant.apiClientId,
      tid: t.sandbox.tenant.tenantId,
      oid: user.id,
      sub: user.id,
      name: user.displayName,
      roles: user.appRoles,
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...overrides,
    };
  }

  async function signWithSandboxKey(claims: Record<string, unknown>) {
    const key = t.sandbox.keys.current();
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
      .sign(key.privateKey);
  }

  it("accepts a genuine token and returns the caller", async () => {
    const response = await me(`Bearer ${await t.tokenFor(HELENE)}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.displayName).toBe("Hélène Wamytan");
    expect(body.department).toBe("Communication");
    expect(body.roles).toEqual(expect.arrayContaining(["Relais.Admin", "Relais.Editor"]));
    expect(body.tenantId).toBe(t.sandbox.tenant.tenantId);
  });

  it("rejects a request without a token", async () => {
    await expectUnauthenticated(await me(), /bearer token is required/i);
  });

  it("rejects an Authorization header that is not a bearer token", async () => {
    await expectUnauthenticated(await me("Basic dXNlcjpwYXNz"), /Bearer <token>/);
  });

  it("rejects a malformed token", async () => {
    await expectUnauthenticated(await me("Bearer not.a.jwt"), /malformed/i);
  });

  it("rejects a token whose signature was tampered with", async () => {
    const token = await t.tokenFor(HELENE);
    const [header, payload] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, "base64url").toString()),
        roles: ["Relais.Admin"],
      }),
    ).toString("base64url");
    const signature = token.split(".")[2]!;
    await expectUnauthenticated(
      await me(`Bearer ${header}.${forgedPayload}.${signature}`),
      /signature/i,
    );
  });

  it("rejects an unsigned token (alg: none)", async () => {
    const unsigned = new UnsecuredJWT(baseClaims()).encode();
    await expectUnauthenticated(await me(`Bearer ${unsigned}`));
  });

  it("rejects an HS256 token signed with the public key as the secret", async () => {
    const key = t.sandbox.keys.current();
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const token = await new SignJWT(baseClaims())
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: key.kid })
      .sign(secret);
    await expectUnauthenticated(await me(`Bearer ${token}`), /algorithm/i);
  });

  it("rejects an expired token", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const token = await signWithSandboxKey(
      baseClaims({ iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
    );
    await expectUnauthenticated(await me(`Bearer ${token}`), /expired/i);
  });

  it("accepts a token expired by less than the clock tolerance", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const token = await signWithSandboxKey(
      baseClaims({ iat: now - 3600, nbf: now - 3600, exp: now - 30 }),
    );
    expect((await me(`Bearer ${token}`)).status).toBe(200);
  });

  it("rejects a token that is not valid yet", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const token = await signWithSandboxKey(
      baseClaims({ iat: now, nbf: now + 3600, exp: now + 7200 }),
    );
    await expectUnauthenticated(await me(`Bearer ${token}`), /not valid yet/i);
  });

  it("rejects a token for another audience", async () => {
    const token = await signWithSandboxKey(baseClaims({ aud: "api://another-application" }));
    await expectUnauthenticated(await me(`Bearer ${token}`), /audience/i);
  });

  it("rejects a token from another issuer", async () => {
    const token = await signWithSandboxKey(
      baseClaims({
        iss: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
      }),
    );
    await expectUnauthenticated(await me(`Bearer ${token}`), /expected authority/i);
  });

  it("rejects a token from another tenant", async () => {
    const token = await signWithSandboxKey(
      baseClaims({ tid: "72f988bf-86f1-41af-91ab-2d7cd011db47" }),
    );
    await expectUnauthenticated(await me(`Bearer ${token}`), /another tenant/i);
  });

  it("rejects a token meant for Microsoft Graph", async () => {
    const graphToken = await t.sandbox.issuer.mintAppToken({
      clientId: t.sandbox.tenant.apiClientId,
      servicePrincipalId: "0e7c1a94-5b3f-4d2a-a8e6-9f4b2c7d1e05",
      audience: GRAPH_AUDIENCE,
      roles: ["User.Read.All"],
    });
    await expectUnauthenticated(await me(`Bearer ${graphToken.access_token}`), /Microsoft Graph/);
  });

  it("does not download the JWKS again for unknown keys within the cooldown", async () => {
    await me(`Bearer ${await t.tokenFor(HELENE)}`); // JWKS downloaded and cached
    const downloadsBefore = t.jwksDownloads();
    const token = await signWithUnknownKey(baseClaims());
    await expectUnauthenticated(await me(`Bearer ${token}`), /signing key is unknown/i);
    await expectUnauthenticated(await me(`Bearer ${token}`), /signing key is unknown/i);
    expect(t.jwksDownloads()).toBe(downloadsBefore);
  });

  it("rejects a token without an object id", async () => {
    const { oid: _oid, ...claims } = baseClaims();
    const token = await signWithSandboxKey(claims);
    await expectUnauthenticated(await me(`Bearer ${token}`));
  });
});

async function signWithUnknownKey(claims: Record<string, unknown>) {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "unknown-key-id" })
    .sign(privateKey);
}

describe("signing keys", () => {
  it("rejects a token signed by an unknown key after exactly one JWKS refresh", async () => {
    const t = await createTestApp("pglite", { jwksCooldownMs: 0 });
    try {
      const genuine = await t.tokenFor(HELENE);
      expect(
        (await t.app.request("/api/me", { headers: { authorization: `Bearer ${genuine}` } }))
          .status,
      ).toBe(200);
      const downloads = t.jwksDownloads();
      const payload = JSON.parse(Buffer.from(genuine.split(".")[1]!, "base64url").toString());
      const response = await t.app.request("/api/me", {
        headers: { authorization: `Bearer ${await signWithUnknownKey(payload)}` },
      });
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/signing key is unknown/i);
      expect(t.jwksDownloads()).toBe(downloads + 1);
    } finally {
      await t.close();
    }
  });

  it("accepts tokens signed with a rotated key after one JWKS refresh", async () => {
    const t = await createTestApp("pglite", { jwksCooldownMs: 0 });
    try {
      const first = await t.app.request("/api/me", {
        headers: { authorization: `Bearer ${await t.tokenFor(HELENE)}` },
      });
      expect(first.status).toBe(200);
      const downloads = t.jwksDownloads();
      const previousKid = t.sandbox.keys.current().kid;
      await t.sandbox.keys.rotate();
      expect(t.sandbox.keys.current().kid).not.toBe(previousKid);
      const afterRotation = await t.app.request("/api/me", {
        headers: { authorization: `Bearer ${await t.tokenFor(HELENE)}` },
      });
      expect(afterRotation.status).toBe(200);
      expect(t.jwksDownloads()).toBe(downloads + 1);
    } finally {
      await t.close();
    }
  });
});

describe.each(dbKinds)("roles on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const audit = async (upn: string) =>
    t.app.request("/api/audit?entity=template", {
      headers: { authorization: `Bearer ${await t.tokenFor(upn)}` },
    });

  it("forbids an agent without role from an Admin route", async () => {
    const response = await audit(t.withRole(null).userPrincipalName);
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error).toMatchObject({
      code: "forbidden",
      details: { requiredRole: "Relais.Admin" },
    });
  });

  it("forbids an Editor who is not Admin from an Admin route", async () => {
    const editor = t.sandbox.directory.users.find(
      (u) => u.appRoles.includes("Relais.Editor") && !u.appRoles.includes("Relais.Admin"),
    )!;
    expect((await audit(editor.userPrincipalName)).status).toBe(403);
  });

  it("lets an Admin call an Admin route", async () => {
    const response = await audit(t.withRole("Relais.Admin").userPrincipalName);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [] });
  });

  it("answers 401, not 403, to an Admin route without a token", async () => {
    const response = await t.app.request("/api/audit?entity=template");
    expect(response.status).toBe(401);
  });
});
