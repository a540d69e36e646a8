import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_API_CLIENT_ID } from "../../api/src/sandbox";
import { type GraphSandbox, type Json, startGraphSandbox } from "../support/sandbox-graph";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectEnvelope(body: Json, code: string, response: { headers: Headers | any }) {
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.innerError).toEqual({
    date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    "request-id": response.headers.get("request-id"),
    "client-request-id": response.headers.get("client-request-id"),
  });
}

describe("sandbox Graph: authentication and error envelope", () => {
  let g: GraphSandbox;
  beforeAll(async () => {
    g = await startGraphSandbox();
  });
  afterAll(() => g.close());

  it("answers 401 InvalidAuthenticationToken without a token", async () => {
    const { response, body } = await g.getJson("/v1.0/users/delta", { token: null });
    expect(response.status).toBe(401);
    expectEnvelope(body, "InvalidAuthenticationToken", response);
    expect(body.error.message).toBe("Access token is empty.");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm=""/);
  });

  it("answers 401 for a malformed, a tampered or a foreign-audience token", async () => {
    const malformed = await g.getJson("/v1.0/users/delta", { token: "not-a-jwt" });
    expect(malformed.response.status).toBe(401);
    expectEnvelope(malformed.body, "InvalidAuthenticationToken", malformed.response);

    const token = await g.token();
    const [header, payload, signature] = token.split(".");
    const flipped = `${signature?.slice(0, -4)}${signature?.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    const tampered = await g.getJson("/v1.0/users/delta", {
      token: `${header}.${payload}.${flipped}`,
    });
    expect(tampered.response.status).toBe(401);
    expect(tampered.body.error.message).toBe("Access token validation failure.");

    const apiToken = await g.sandbox.issuer.mintAppToken({
      clientId: SANDBOX_API_CLIENT_ID,
      servicePrincipalId: "0e7c1a94-5b3f-4d2a-a8e6-9f4b2c7d1e05",
      audience: g.sandbox.tenant.apiClientId,
      roles: ["User.Read.All"],
    });
    const foreign = await g.getJson("/v1.0/users/delta", { token: apiToken.access_token });
    expect(foreign.response.status).toBe(401);
    expect(foreign.body.error.message).toBe("Access token validation failure. Invalid audience.");
  });

  it("answers 401 once the token has expired on the issuer's clock", async () => {
    const token = await g.token();
    expect((await g.get("/v1.0/users/delta", { token })).status).toBe(200);
    g.clock.advance(3601 * 1000);
    try {
      const { response, body } = await g.getJson("/v1.0/users/delta", { token });
      expect(response.status).toBe(401);
      expect(body.error.message).toBe("Lifetime validation failed, the token is expired.");
    } finally {
      g.clock.set(new Date("2025-06-02T09:00:00.000Z"));
    }
  });

  it("answers 403 Authorization_RequestDenied when the app lacks the role", async () => {
    const groupsOnly = await g.token(["GroupMember.Read.All"]);
    const users = await g.getJson("/v1.0/users/delta", { token: groupsOnly });
    expect(users.response.status).toBe(403);
    expectEnvelope(users.body, "Authorization_RequestDenied", users.response);
    expect(users.body.error.message).toBe("Insufficient privileges to complete the operation.");

    const usersOnly = await g.token(["User.Read.All"]);
    expect((await g.get("/v1.0/groups/delta", { token: usersOnly })).status).toBe(403);
    expect((await g.get("/v1.0/groups/delta", { token: groupsOnly })).status).toBe(200);
    const groupReader = await g.token(["Group.Read.All"]);
    expect((await g.get("/v1.0/groups/delta", { token: groupReader })).status).toBe(200);
  });

  it("echoes client-request-id and generates one when the client sends none", async () => {
    const echoed = await g.get("/v1.0/users/delta", {
      headers: { "client-request-id": "b4c0ffee-0000-4000-8000-000000000001" },
    });
    expect(echoed.headers.get("client-request-id")).toBe("b4c0ffee-0000-4000-8000-000000000001");
    expect(echoed.headers.get("request-id")).toMatch(GUID);

    const generated = await g.get("/v1.0/users/delta");
    expect(generated.headers.get("client-request-id")).toMatch(GUID);
    expect(generated.headers.get("request-id")).not.toBe(echoed.headers.get("request-id"));
  });

  it("answers Graph's 400 for a segment it does not serve", async () => {
    const { response, body } = await g.getJson("/v1.0/users/delta/extra");
    expect(response.status).toBe(400);
    expectEnvelope(body, "BadRequest", response);
    expect(body.error.message).toBe("Resource not found for the segment 'extra'.");
  });
});
