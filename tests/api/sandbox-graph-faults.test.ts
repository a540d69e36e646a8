import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../api/src/core/clock";
import { SANDBOX_WEB_CLIENT_ID } from "../../api/src/sandbox";
import type { FaultKind } from "../../api/src/sandbox/graph";
import { type GraphSandbox, startGraphSandbox } from "../support/sandbox-graph";

const FIRST = "/v1.0/users/delta?$select=displayName";

describe("sandbox Graph: throttling", () => {
  let g: GraphSandbox;
  let realClock: ReturnType<typeof fixedClock>;
  beforeEach(async () => {
    realClock = fixedClock(new Date("2025-06-02T09:00:00.000Z"));
    g = await startGraphSandbox({ realClock });
  });
  afterEach(() => g.close());

  it("throttles an app past its budget and counts every try before Retry-After as early", async () => {
    g.control.configureThrottling({ limit: 3, windowSeconds: 60, retryAfterSeconds: 5 });
    for (let i = 0; i < 3; i++) expect((await g.get(FIRST)).status).toBe(200);

    const throttled = await g.getJson(FIRST);
    expect(throttled.response.status).toBe(429);
    expect(throttled.response.headers.get("retry-after")).toBe("5");
    expect(throttled.body.error.code).toBe("TooManyRequests");

    realClock.advance(4000);
    const early = await g.get(FIRST);
    expect(early.status).toBe(429);
    expect(early.headers.get("retry-after")).toBe("1");

    const otherApp = await g.token(["User.Read.All"], SANDBOX_WEB_CLIENT_ID);
    expect((await g.get(FIRST, { token: otherApp })).status).toBe(200);

    realClock.advance(1000);
    expect((await g.get(FIRST)).status).toBe(200);

    const summary = g.control.requestSummary();
    expect(summary.throttled).toBe(2);
    expect(summary.earlyRetries).toBe(1);
    const log = g.control.requestLog();
    expect(log.map((entry) => entry.earlyRetry)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it("leaves a normal sync alone by default", async () => {
    const { items } = await g.round(FIRST);
    expect(items).toHaveLength(120);
    expect(g.control.requestSummary().throttled).toBe(0);
  });
});

describe("sandbox Graph: fault injection", () => {
  let g: GraphSandbox;
  let realClock: ReturnType<typeof fixedClock>;
  beforeEach(async () => {
    realClock = fixedClock(new Date("2025-06-02T09:00:00.000Z"));
    g = await startGraphSandbox({ realClock });
  });
  afterEach(() => g.close());

  it.each([
    ["500", 500, "generalException", null],
    ["502", 502, "BadGateway", null],
    ["503", 503, "serviceNotAvailable", "1"],
    ["504", 504, "GatewayTimeout", null],
    ["tokenExpired", 401, "InvalidAuthenticationToken", null],
  ] as const)(
    "answers a queued %s fault with Graph's envelope",
    async (kind, status, code, retryAfter) => {
      g.control.queueFault("users/delta", kind);
      const { response, body } = await g.getJson(FIRST);
      expect(response.status).toBe(status);
      expect(body.error.code).toBe(code);
      expect(response.headers.get("retry-after")).toBe(retryAfter);
      if (kind === "tokenExpired") {
        expect(body.error.message).toBe("Lifetime validation failed, the token is expired.");
      }
      expect((await g.get(FIRST)).status).toBe(200);
      expect(g.control.requestLog()[0]?.fault).toBe(kind);
    },
  );

  it("throttles the app after an injected 429 until Retry-After has elapsed", async () => {
    g.control.configureFaults({ route: "users/delta", retryAfterSeconds: 3 });
    g.control.queueFault("users/delta", "429");
    const first = await g.get(FIRST);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("3");
    const photo = g.control.snapshot().users.find((user) => user.photoEtag)?.id;
    expect((await g.get(`/v1.0/users/${photo}/photo`)).status).toBe(429);
    realClock.advance(3000);
    expect((await g.get(FIRST)).status).toBe(200);
    expect(g.control.requestSummary()).toMatchObject({ throttled: 2, earlyRetries: 1 });
  });

  it("resets the connection without an answer", async () => {
    g.control.queueFault("users/delta", "reset");
    await expect(g.get(FIRST)).rejects.toThrow();
    expect((await g.get(FIRST)).status).toBe(200);
    const [reset] = g.control.requestLog();
    expect(reset).toMatchObject({ status: 0, fault: "reset" });
  });

  it("answers 500 for a reset requested in process, where there is no socket", async () => {
    g.control.queueFault("users/delta", "reset");
    const response = await g.graph.app.request(`http://sandbox${FIRST}`, {
      headers: { authorization: `Bearer ${await g.token()}` },
    });
    expect(response.status).toBe(500);
  });

  it("answers 410 mid-round only, on the next $skiptoken request", async () => {
    g.control.queueFault("users/delta", "gone");
    const first = await g.getJson(FIRST);
    expect(first.response.status).toBe(200);
    const second = await g.get(first.body["@odata.nextLink"]);
    expect(second.status).toBe(410);
    expect(second.headers.get("location")).toBe(`${g.url}/v1.0/users/delta?$select=displayName`);
  });

  it("applies faults configured for all routes to photos too", async () => {
    g.control.queueFault("all", "503", 2);
    const photo = g.control.snapshot().users.find((user) => user.photoEtag)?.id;
    expect((await g.get(`/v1.0/users/${photo}/photo/$value`)).status).toBe(503);
    expect((await g.get("/v1.0/groups/delta")).status).toBe(503);
    expect((await g.get("/v1.0/groups/delta")).status).toBe(200);
  });

  it("draws probabilistic faults deterministically from the seed", async () => {
    const statuses = async (sandbox: GraphSandbox) => {
      sandbox.control.configureFaults({
        route: "users/delta",
        rates: { "500": 0.25, "502": 0.1, "503": 0.15, "504": 0.1 },
      });
      const seen: number[] = [];
      for (let i = 0; i < 30; i++) seen.push((await sandbox.get(FIRST)).status);
      return seen;
    };
    const twin = await startGraphSandbox({ realClock });
    const stranger = await startGraphSandbox({ realClock, seed: 12 });
    try {
      const mine = await statuses(g);
      expect(await statuses(twin)).toEqual(mine);
      expect(await statuses(stranger)).not.toEqual(mine);
      expect(mine.filter((status) => status === 200).length).toBeGreaterThan(5);
      expect(new Set(mine).size).toBeGreaterThan(2);
      // Reconfiguring starts the draws again from the seed.
      expect(await statuses(g)).toEqual(mine);
    } finally {
      await twin.close();
      await stranger.close();
    }
  });

  it("refuses fault rates that add up to more than one", () => {
    expect(() =>
      g.control.configureFaults({ route: "photo", rates: { "500": 0.7, "503": 0.6 } }),
    ).toThrow(/at most 1/);
  });
});

describe("sandbox Graph: request log", () => {
  let g: GraphSandbox;
  beforeEach(async () => {
    g = await startGraphSandbox();
  });
  afterEach(() => g.close());

  it("records every Graph request with its route, status, timing and client-request-id", async () => {
    await g.get(FIRST, {
      headers: { "client-request-id": "11111111-2222-4333-8444-555555555555" },
    });
    await g.get("/v1.0/groups/delta");
    await g.get("/v1.0/users/delta", { token: null });
    const photo = g.control.snapshot().users.find((user) => user.photoEtag === null)?.id;
    await g.get(`/v1.0/users/${photo}/photo`);
    await g.controlApi("GET", "/snapshot");

    const log = g.control.requestLog();
    expect(log.map((entry) => [entry.route, entry.status])).toEqual([
      ["users/delta", 200],
      ["groups/delta", 200],
      ["users/delta", 401],
      ["photo", 404],
    ]);
    expect(log[0]).toMatchObject({
      method: "GET",
      path: "/v1.0/users/delta",
      clientRequestId: "11111111-2222-4333-8444-555555555555",
      earlyRetry: false,
      fault: null,
    });
    expect(log[0]?.appId).toBeTruthy();
    expect(log[2]?.appId).toBeNull();
    expect(Date.parse(log[0]?.endedAt ?? "")).toBeGreaterThanOrEqual(
      Date.parse(log[0]?.startedAt ?? ""),
    );
    expect(g.control.requestSummary()).toMatchObject({
      total: 4,
      byRoute: {
        "users/delta": { "200": 1, "401": 1 },
        "groups/delta": { "200": 1 },
        photo: { "404": 1 },
      },
      byStatus: { "200": 2, "401": 1, "404": 1 },
    });
    g.control.resetRequestLog();
    expect(g.control.requestSummary()).toMatchObject({ total: 0, maxConcurrency: 0 });
  });

  it("measures the largest number of requests in flight at once, and added latency", async () => {
    g.control.configureFaults({ route: "users/delta", latencyMs: 150 });
    await g.get("/v1.0/groups/delta");
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 6 }, () => g.get(FIRST)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const summary = g.control.requestSummary();
    expect(summary.maxConcurrency).toBe(6);
    const delayed = g.control.requestLog().filter((entry) => entry.route === "users/delta");
    for (const entry of delayed) expect(entry.durationMs).toBeGreaterThanOrEqual(140);
  });
});

describe("sandbox Graph: HTTP control API", () => {
  let g: GraphSandbox;
  beforeEach(async () => {
    g = await startGraphSandbox();
  });
  afterEach(() => g.close());

  it("changes the tenant as the in-process control does", async () => {
    const { deltaLink } = await g.round("/v1.0/users/delta?$select=displayName,jobTitle,manager");
    const created = await g.controlApi("POST", "/users", {
      displayName: "Agent API",
      jobTitle: "Testeur",
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string };
    const [manager] = g.control.snapshot().users;
    expect((await g.controlApi("PATCH", `/users/${user.id}`, { jobTitle: null })).status).toBe(200);
    expect(
      (await g.controlApi("PUT", `/users/${user.id}/manager`, { managerId: manager?.id })).status,
    ).toBe(204);
    const next = await g.round(deltaLink);
    expect(next.items).toEqual([
      {
        displayName: "Agent API",
        id: user.id,
        "manager@delta": [{ "@odata.type": "#microsoft.graph.user", id: manager?.id }],
      },
    ]);

    const photo = await g.controlApi("PUT", `/users/${user.id}/photo`, { regenerate: true });
    const { etag } = (await photo.json()) as { etag: string };
    const snapshot = (await (await g.controlApi("GET", "/snapshot")).json()) as {
      users: { id: string; photoEtag: string | null; jobTitle: string | null }[];
    };
    expect(snapshot.users.find((candidate) => candidate.id === user.id)).toMatchObject({
      photoEtag: etag,
      jobTitle: null,
    });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const uploaded = await g.controlApi("PUT", `/users/${user.id}/photo`, png, {
      "content-type": "image/png",
    });
    expect(((await uploaded.json()) as { etag: string }).etag).not.toBe(etag);

    expect((await g.controlApi("DELETE", `/users/${user.id}`)).status).toBe(204);
    expect((await g.controlApi("POST", `/deleted-users/${user.id}/restore`)).status).toBe(204);
    expect((await g.controlApi("DELETE", `/deleted-users/${user.id}`)).status).toBe(204);
    expect((await g.controlApi("DELETE", `/deleted-users/${user.id}`)).status).toBe(404);
  });

  it("drives time, paging, faults, throttling and the request log", async () => {
    const advanced = await g.controlApi("POST", "/clock/advance", { days: 1 });
    expect(((await advanced.json()) as { now: string }).now).toBe("2025-06-03T09:00:00.000Z");
    const paging = await g.controlApi("PUT", "/page-size", { users: 60 });
    expect(((await paging.json()) as { usersPageSize: number }).usersPageSize).toBe(60);
    expect((await g.round(FIRST)).pages).toHaveLength(2);

    const queued = await g.controlApi("POST", "/faults/queue", {
      route: "users/delta",
      kind: "504" satisfies FaultKind,
    });
    expect(queued.status).toBe(204);
    expect((await g.get(FIRST)).status).toBe(504);
    expect(
      (await g.controlApi("PUT", "/faults", { route: "photo", rates: { "500": 1 } })).status,
    ).toBe(204);
    expect((await g.controlApi("DELETE", "/faults")).status).toBe(204);
    expect((await g.controlApi("POST", "/resync", {})).status).toBe(204);

    const throttling = await g.controlApi("PUT", "/throttling", { limit: 1 });
    expect(((await throttling.json()) as { limit: number }).limit).toBe(1);
    const summary = (await (await g.controlApi("GET", "/requests/summary")).json()) as {
      total: number;
    };
    expect(summary.total).toBe(3);
    expect((await g.controlApi("DELETE", "/requests")).status).toBe(204);
    const entries = (await (await g.controlApi("GET", "/requests")).json()) as {
      entries: unknown[];
    };
    expect(entries.entries).toEqual([]);
  });

  it("answers 400 for an invalid body and 404 for an unknown user", async () => {
    const invalid = await g.controlApi("POST", "/users", { displayName: 42 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe("invalid");
    const refused = await g.controlApi("PATCH", `/users/${g.control.snapshot().users[0]?.id}`, {
      displayName: null,
    });
    expect(refused.status).toBe(400);
    const unknown = await g.controlApi("PUT", "/users/nobody/manager", { managerId: null });
    expect(unknown.status).toBe(404);
    const badFault = await g.controlApi("PUT", "/faults", {
      route: "users/delta",
      rates: { "418": 0.5 },
    });
    expect(badFault.status).toBe(400);
  });
});
