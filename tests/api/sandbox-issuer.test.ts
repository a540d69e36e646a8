import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GRAPH_AUDIENCE,
  SANDBOX_API_CLIENT_ID,
  SANDBOX_API_SECRET,
  SANDBOX_WEB_CLIENT_ID,
} from "../../api/src/sandbox";
import { createTestApp, type TestApp } from "../support/app";

describe("sandbox tenant: OpenID Connect issuer", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("pglite");
  });
  afterAll(() => t.close());

  const tokenEndpoint = () => t.sandbox.urls.token;
  const postForm = (
    url: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    t.runtime.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });

  it("publishes a discovery document pointing at its own endpoints", async () => {
    const response = await t.runtime.fetch(t.sandbox.urls.discovery);
    expect(response.status).toBe(200);
    const doc = await response.json();
    expect(doc.issuer).toBe(t.sandbox.trust.issuer);
    expect(doc.issuer).toBe(`${t.sandbox.tenant.loginBaseUrl}/${t.sandbox.tenant.tenantId}/v2.0`);
    expect(doc.jwks_uri).toBe(t.sandbox.urls.jwks);
    expect(doc.token_endpoint).toBe(t.sandbox.urls.token);
    expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
  });

  it("publishes RSA public keys only, each with a kid", async () => {
    const { keys } = await (await t.runtime.fetch(t.sandbox.urls.jwks)).json();
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256" });
      expect(key.kid).toBeTruthy();
      expect(key.d).toBeUndefined();
      expect(key.p).toBeUndefined();
    }
  });

  it("mints v2-shaped user tokens verifiable with the published JWKS", async () => {
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: "HELENE.WAMYTAN@ville-dumbea.nc" }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const jwks = createRemoteJWKSet(new URL(t.sandbox.urls.jwks), {
      [customFetch]: (url: string) => t.runtime.fetch(url),
    });
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
      issuer: t.sandbox.trust.issuer,
      audience: SANDBOX_API_CLIENT_ID,
      currentDate: t.clock.now(),
    });
    expect(protectedHeader).toMatchObject({
      alg: "RS256",
      typ: "JWT",
      kid: t.sandbox.keys.current().kid,
    });
    expect(payload).toMatchObject({
      ver: "2.0",
      tid: t.sandbox.tenant.tenantId,
      name: "Hélène Wamytan",
      preferred_username: "helene.wamytan@ville-dumbea.nc",
      scp: "access_as_user",
      azp: SANDBOX_WEB_CLIENT_ID,
    });
    expect(payload.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.roles).toEqual(expect.arrayContaining(["Relais.Admin", "Relais.Editor"]));
  });

  it("signs in by object id as well", async () => {
    const user = t.withRole("Relais.Approver");
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: user.id }),
    });
    expect(response.status).toBe(200);
    expect(decodeJwt((await response.json()).access_token).oid).toBe(user.id);
  });

  it("refuses to sign in a disabled account", async () => {
    const disabled = t.sandbox.directory.users.find((u) => !u.accountEnabled)!;
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: disabled.id }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
  });

  it("lists enabled agents with their service and roles", async () => {
    const { agents } = await (await t.app.request("/sandbox/agents")).json();
    const enabled = t.sandbox.directory.users.filter((u) => u.accountEnabled);
    expect(agents).toHaveLength(enabled.length);
    expect(
      agents.find((a: { displayName: string }) => a.displayName === "Hélène Wamytan"),
    ).toMatchObject({
      department: "Communication",
      roles: expect.arrayContaining(["Relais.Admin"]),
    });
  });

  it("issues app-only Graph tokens by client credentials with the granted application permissions", async () => {
    const response = await postForm(tokenEndpoint(), {
      grant_type: "client_credentials",
      client_id: SANDBOX_API_CLIENT_ID,
      client_secret: SANDBOX_API_SECRET,
      scope: "https://graph.microsoft.com/.default",
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.token_type).toBe("Bearer");
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ aud: GRAPH_AUDIENCE, idtyp: "app", azp: SANDBOX_API_CLIENT_ID });
    expect(claims.roles).toEqual(expect.arrayContaining(["User.Read.All", "GroupMember.Read.All"]));
    expect(decodeProtectedHeader(body.access_token).kid).toBe(t.sandbox.keys.current().kid);
  });

  it("accepts client credentials in a Basic header too", async () => {
    const basic = Buffer.from(`${SANDBOX_API_CLIENT_ID}:${SANDBOX_API_SECRET}`).toString("base64");
    const response = await postForm(
      tokenEndpoint(),
      { grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default" },
      { authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
  });

  it("answers a wrong secret like Entra: 401 invalid_client with an AADSTS code", async () => {
    const response = await postForm(tokenEndpoint(), {
      grant_type: "client_credentials",
      client_id: SANDBOX_API_CLIENT_ID,
      client_secret: "wrong",
      scope: "https://graph.microsoft.com/.default",
    });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error).toBe("invalid_client");
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(/^AADSTS7000215: /);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects client credentials without a /.default scope, and unknown grants", async () => {
    const noDefault = await postForm(tokenEndpoint(), {
      grant_type: "client_credentials",
      client_id: SANDBOX_API_CLIENT_ID,
      client_secret: SANDBOX_API_SECRET,
      scope: "User.Read.All",
    });
    expect(noDefault.status).toBe(400);
    expect((await noDefault.json()).error).toBe("invalid_scope");
    const unknownGrant = await postForm(tokenEndpoint(), {
      grant_type: "implicit",
      client_id: SANDBOX_API_CLIENT_ID,
    });
    expect((await unknownGrant.json()).error).toBe("unsupported_grant_type");
  });

  it("issues delegated user tokens for the API by the password grant", async () => {
    const response = await postForm(tokenEndpoint(), {
      grant_type: "password",
      client_id: SANDBOX_WEB_CLIENT_ID,
      username: "helene.wamytan@ville-dumbea.nc",
      password: "any",
      scope: `api://${SANDBOX_API_CLIENT_ID}/access_as_user openid`,
    });
    expect(response.status).toBe(200);
    const token = (await response.json()).access_token;
    const me = await t.app.request("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).displayName).toBe("Hélène Wamytan");
  });
});
