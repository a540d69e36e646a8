import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

describe.each(dbKinds)("error contract on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  async function expectError(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json();
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe("string");
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    return body.error;
  }

  it("answers an unknown route with 404", async () => {
    const error = await expectError(await t.app.request("/api/nothing-here"), 404, "not_found");
    expect(error.message).toContain("/api/nothing-here");
  });

  it("answers a wrong method with 405 and Allow", async () => {
    const response = await t.app.request("/healthz", { method: "DELETE" });
    expect(response.headers.get("allow")).toContain("GET");
    const error = await expectError(response, 405, "method_not_allowed");
    expect(error.details.allowed).toContain("GET");
  });

  it("answers malformed JSON with 400", async () => {
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"userPrincipalName": "helene',
    });
    await expectError(response, 400, "malformed_json");
  });

  it("answers a body that fails validation with 422 and the failing fields", async () => {
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: 42 }),
    });
    const error = await expectError(response, 422, "validation_failed");
    expect(Array.isArray(error.details)).toBe(true);
    expect(error.details[0]).toMatchObject({ location: "json" });
  });

  it("answers an invalid query with 422", async () => {
    const token = await t.tokenFor(t.withRole("Relais.Admin").userPrincipalName);
    const response = await t.app.request("/api/audit?entity=template&limit=100000", {
      headers: { authorization: `Bearer ${token}` },
    });
    const error = await expectError(response, 422, "validation_failed");
    expect(error.details[0]).toMatchObject({ location: "query", path: "limit" });
  });

  it("answers a body of the wrong media type with 415", async () => {
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "helene",
    });
    await expectError(response, 415, "unsupported_media_type");
  });

  it("answers an oversized body with 413", async () => {
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: "x".repeat(2 * 1024 * 1024) }),
    });
    await expectError(response, 413, "payload_too_large");
  });

  it("answers an unknown agent with 404", async () => {
    const response = await t.app.request("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: "personne@ville-dumbea.nc" }),
    });
    await expectError(response, 404, "not_found");
  });
});
