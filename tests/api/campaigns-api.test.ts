import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, bannerCampaigns, bannerDailyStats } from "../../api/src/db/schema";
import { listAuditRows } from "../../api/src/modules/audit";
import {
  clickUrl,
  listCampaignsForSelection,
  recordImpressions,
} from "../../api/src/modules/campaigns";
import { SANDBOX_KEY_PEOPLE } from "../../api/src/sandbox/directory";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

const BANNER = "ab".repeat(32);
const LOGO = "cd".repeat(32);
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const DESTINATION = "https://www.ville-dumbea.nc/agenda/fete-de-l-igname";

const upn = {
  admin: SANDBOX_KEY_PEOPLE.commsHead.userPrincipalName,
  editor: SANDBOX_KEY_PEOPLE.digitalCommsAssistant.userPrincipalName,
  approver: SANDBOX_KEY_PEOPLE.chiefOfStaff.userPrincipalName,
  agent: SANDBOX_KEY_PEOPLE.directorGeneral.userPrincipalName,
};
type Who = keyof typeof upn;

/** « du 01/03/2026 00:00 au 31/03/2026 23:59 », Nouméa time. */
function input(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Fête de l'igname",
    imageHash: BANNER,
    alt: "Fête de l'igname, samedi 7 mars au parc Fayard",
    destinationUrl: DESTINATION,
    startsAt: "2026-03-01T00:00",
    endsAt: "2026-03-31T23:59",
    audience: { kind: "everyone" },
    placement: "new",
    priority: 10,
    rotation: false,
    status: "active",
    ...overrides,
  };
}

describe.each(dbKinds)("campaigns API on %s", (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(new Date("2026-01-15T00:00:00Z"));
    const createdAt = new Date("2026-01-01T00:00:00Z");
    await t.database.db.insert(assets).values([
      {
        hash: BANNER,
        kind: "banner",
        contentType: "image/png",
        width: 600,
        height: 120,
        bytes: 18_000,
        createdAt,
      },
      {
        hash: LOGO,
        kind: "logo",
        contentType: "image/png",
        width: 200,
        height: 80,
        bytes: 4_000,
        createdAt,
      },
    ]);
  });
  afterAll(() => t.close());

  const call = async (
    path: string,
    options: {
      as?: Who | null;
      method?: string;
      body?: unknown;
      ifMatch?: string;
      idempotencyKey?: string;
    } = {},
  ) => {
    const headers: Record<string, string> = {};
    const as = options.as === undefined ? "editor" : options.as;
    // Minted at the test clock's time, wherever a test moved it.
    if (as) headers.authorization = `Bearer ${await t.tokenFor(upn[as])}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = options.ifMatch;
    if (options.idempotencyKey !== undefined) headers["idempotency-key"] = options.idempotencyKey;
    return t.app.request(path, {
      method: options.method ?? "GET",
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  };
  const json = async (path: string, options: Parameters<typeof call>[1] = {}) => {
    const response = await call(path, options);
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const create = async (overrides: Record<string, unknown> = {}) => {
    const created = await json("/api/campaigns", { method: "POST", body: input(overrides) });
    expect(created.status).toBe(201);
    return created.body;
  };
  const clicksOf = async (campaignId: string) => {
    const rows = await t.database.db
      .select()
      .from(bannerDailyStats)
      .where(eq(bannerDailyStats.campaignId, campaignId));
    return Object.fromEntries(rows.map((row) => [row.day, row.clicks]));
  };

  it("creates, reads, updates and archives a campaign, each change audited", async () => {
    t.clock.set(new Date("2026-01-15T00:00:00Z"));
    const created = await json("/api/campaigns", { method: "POST", body: input() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get("etag")).toBe('"v1"');
    expect(created.headers.get("location")).toBe(`/api/campaigns/${id}`);
    expect(created.body).toMatchObject({
      name: "Fête de l'igname",
      status: "active",
      state: "scheduled",
      imageHash: BANNER,
      imageWidth: 600,
      imageHeight: 120,
      destinationUrl: DESTINATION,
      clickUrl: `${PUBLIC_URL}/r/${id}`,
      startsAt: "2026-02-28T13:00:00.000Z",
      endsAt: "2026-03-31T13:00:00.000Z",
      startsAtLocal: "2026-03-01T00:00",
      endsAtLocal: "2026-03-31T23:59",
      audience: { kind: "everyone" },
      totals: { clicks: 0, impressions: 0 },
      createdBy: SANDBOX_KEY_PEOPLE.digitalCommsAssistant.id,
      version: 1,
      etag: '"v1"',
    });

    const read = await json(`/api/campaigns/${id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"v1"');
    expect(read.body).toEqual(created.body);

    t.clock.advance(60_000);
    const changed = input({
      name: "  Fête de l'igname 2026 ",
      endsAt: null,
      audience: { kind: "targeted", departments: ["Communication", "Communication"], groupIds: [] },
      placement: "all",
    });
    const updated = await json(`/api/campaigns/${id}`, {
      method: "PUT",
      body: changed,
      ifMatch: '"v1"',
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get("etag")).toBe('"v2"');
    expect(updated.body).toMatchObject({
      name: "Fête de l'igname 2026",
      endsAt: null,
      endsAtLocal: null,
      audience: { kind: "targeted", departments: ["Communication"], groupIds: [] },
      placement: "all",
      version: 2,
    });

    // The same write again, even with a stale tag, changes nothing and succeeds.
    const retried = await json(`/api/campaigns/${id}`, {
      method: "PUT",
      body: changed,
      ifMatch: '"v1"',
    });
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(2);

    t.clock.advance(60_000);
    const archived = await json(`/api/campaigns/${id}`, { method: "DELETE", ifMatch: '"v2"' });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: "archived", state: "archived", version: 3 });
    expect((await json(`/api/campaigns/${id}`, { method: "DELETE", ifMatch: '"v2"' })).status).toBe(
      200,
    );
    const [row] = await t.database.db
      .select()
      .from(bannerCampaigns)
      .where(eq(bannerCampaigns.id, id));
    expect(row?.status).toBe("archived");

    const frozen = await json(`/api/campaigns/${id}`, {
      method: "PUT",
      body: input(),
      ifMatch: '"v3"',
    });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.details).toMatchObject({ reason: "archived", currentEtag: '"v3"' });

    const listed = await json("/api/campaigns");
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    const archivedList = await json("/api/campaigns?status=archived");
    expect(archivedList.body.items.map((item: { id: string }) => item.id)).toContain(id);

    const audit = await listAuditRows(t.database.db, {
      entity: "banner_campaign",
      entityId: id,
      limit: 10,
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      "campaign.archived",
      "campaign.updated",
      "campaign.created",
    ]);
    expect(
      audit.every((entry) => entry.actorId === SANDBOX_KEY_PEOPLE.digitalCommsAssistant.id),
    ).toBe(true);
    expect(audit.every((entry) => entry.requestId !== null)).toBe(true);
    expect(audit[1]?.before).toMatchObject({ name: "Fête de l'igname", version: 1 });
    expect(audit[1]?.after).toMatchObject({ name: "Fête de l'igname 2026", version: 2 });
  });

  it.each([
    ["missing alt", input({ alt: undefined }), "alt"],
    ["blank alt", input({ alt: "   " }), "alt"],
    [
      "an http:// destination",
      input({ destinationUrl: "http://www.ville-dumbea.nc/" }),
      "destinationUrl",
    ],
    [
      "a javascript: destination",
      input({ destinationUrl: "javascript:alert(1)" }),
      "destinationUrl",
    ],
    [
      "credentials in the destination",
      input({ destinationUrl: "https://a:b@www.ville-dumbea.nc/" }),
      "destinationUrl",
    ],
    [
      "a destination over 2,000 characters",
      input({ destinationUrl: `https://www.ville-dumbea.nc/${"a".repeat(2000)}` }),
      "destinationUrl",
    ],
    [
      "an end before the start",
      input({ startsAt: "2026-03-10T00:00", endsAt: "2026-03-09T23:59" }),
      "endsAt",
    ],
    ["an invalid local time", input({ startsAt: "2026-02-30T10:00" }), "startsAt"],
    ["a time with seconds", input({ endsAt: "2026-03-31T23:59:00" }), "endsAt"],
    [
      "an empty targeted audience",
      input({ audience: { kind: "targeted", departments: [], groupIds: [] } }),
      "audience.departments",
    ],
    ["an unknown audience kind", input({ audience: { kind: "some" } }), "audience.kind"],
    ["a malformed image hash", input({ imageHash: "banner.png" }), "imageHash"],
    ["an unknown image", input({ imageHash: "ef".repeat(32) }), "imageHash"],
    ["an image that is not a banner", input({ imageHash: LOGO }), "imageHash"],
    ["a priority out of range", input({ priority: 0 }), "priority"],
    ["a body that is not an object", null, ""],
  ])("refuses %s with 422 and details", async (_label, body, path) => {
    const before = (await t.database.db.select().from(bannerCampaigns)).length;
    const refused = await json("/api/campaigns", { method: "POST", body });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("validation_failed");
    const details = refused.body.error.details as { path: string; message: string }[];
    expect(details.map((detail) => detail.path)).toContain(path);
    expect((await t.database.db.select().from(bannerCampaigns)).length).toBe(before);
  });

  it("explains refusals in French", async () => {
    const noAlt = await json("/api/campaigns", { method: "POST", body: input({ alt: undefined }) });
    expect(noAlt.body.error.details[0].message).toMatch(/texte alternatif est obligatoire/);
    const february = await json("/api/campaigns", {
      method: "POST",
      body: input({ startsAt: "2026-02-30T10:00" }),
    });
    expect(february.body.error.details[0].message).toMatch(/compte 28 jours/);
    const logo = await json("/api/campaigns", { method: "POST", body: input({ imageHash: LOGO }) });
    expect(logo.body.error.message).toMatch(/bannière/);
    const unknown = await json("/api/campaigns", {
      method: "POST",
      body: input({ imageHash: "ef".repeat(32) }),
    });
    expect(unknown.body.error.message).toMatch(/Aucune image/);
  });

  it("requires If-Match to change a campaign and refuses a stale one with the current tag", async () => {
    const campaign = await create();
    const path = `/api/campaigns/${campaign.id}`;
    const missing = await json(path, { method: "PUT", body: input({ priority: 20 }) });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0]).toMatchObject({ location: "header", path: "if-match" });
    expect((await json(path, { method: "DELETE" })).status).toBe(422);

    expect(
      (await json(path, { method: "PUT", body: input({ priority: 20 }), ifMatch: '"v1"' })).status,
    ).toBe(200);
    const stale = await json(path, {
      method: "PUT",
      body: input({ priority: 30 }),
      ifMatch: '"v1"',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ currentEtag: '"v2"' });
    expect((await json(path, { method: "DELETE", ifMatch: '"v1"' })).status).toBe(409);
    expect((await json(path, { method: "PUT", body: input(), ifMatch: "*" })).status).toBe(200);
  });

  it("answers 404 for an unknown campaign and 422 for a malformed id", async () => {
    expect((await json(`/api/campaigns/${UNKNOWN_ID}`)).status).toBe(404);
    expect(
      (await json(`/api/campaigns/${UNKNOWN_ID}`, { method: "PUT", body: input(), ifMatch: "*" }))
        .status,
    ).toBe(404);
    expect((await json("/api/campaigns/not-an-id")).status).toBe(422);
  });

  it("lets Editors and Admins in, refuses other agents (403) and anonymous callers (401)", async () => {
    expect((await call("/api/campaigns", { as: "editor" })).status).toBe(200);
    expect((await call("/api/campaigns", { as: "admin" })).status).toBe(200);
    expect((await call("/api/campaigns", { as: "agent" })).status).toBe(403);
    expect((await call("/api/campaigns", { as: "approver" })).status).toBe(403);
    expect((await call("/api/campaigns", { as: null })).status).toBe(401);
    const post = { method: "POST", body: input() };
    expect((await call("/api/campaigns", { ...post, as: "agent" })).status).toBe(403);
    expect((await call("/api/campaigns", { ...post, as: null })).status).toBe(401);
    expect((await call("/api/campaigns", { ...post, as: "admin" })).status).toBe(201);
    expect((await call(`/api/campaigns/${UNKNOWN_ID}/stats`, { as: "agent" })).status).toBe(403);
  });

  it("creates one campaign for a retried Idempotency-Key", async () => {
    const body = input({ name: "Semaine du développement durable" });
    const first = await json("/api/campaigns", { method: "POST", body, idempotencyKey: "ddd-1" });
    const retry = await json("/api/campaigns", { method: "POST", body, idempotencyKey: "ddd-1" });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body.id).toBe(first.body.id);
    // The retry can go on as if it had the first answer: same ETag for If-Match, same Location.
    expect(retry.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(retry.headers.get("location")).toBe(`/api/campaigns/${first.body.id}`);
    const rows = await t.database.db
      .select()
      .from(bannerCampaigns)
      .where(eq(bannerCampaigns.name, "Semaine du développement durable"));
    expect(rows).toHaveLength(1);
  });

  it("computes the state at the Nouméa edges of « du 01/03/2026 00:00 au 31/03/2026 23:59 »", async () => {
    t.clock.set(new Date("2026-01-15T00:00:00Z"));
    const { id } = await create({ name: "Mars" });
    const paused = await create({ name: "Mars en pause", status: "paused" });
    const stateAt = async (at: string) => {
      t.clock.set(new Date(at));
      return (await json(`/api/campaigns/${id}`)).body.state;
    };
    expect(await stateAt("2026-02-28T12:59:00Z")).toBe("scheduled");
    expect(await stateAt("2026-02-28T13:00:00Z")).toBe("running");
    expect(await stateAt("2026-03-31T12:59:59Z")).toBe("running");
    expect(await stateAt("2026-03-31T13:00:00Z")).toBe("ended");

    t.clock.set(new Date("2026-03-15T00:00:00Z"));
    expect((await json(`/api/campaigns/${paused.id}`)).body.state).toBe("paused");
    const ids = async (query: string) =>
      (await json(`/api/campaigns?${query}`)).body.items.map((item: { id: string }) => item.id);
    expect(await ids("status=running")).toContain(id);
    expect(await ids("status=running")).not.toContain(paused.id);
    expect(await ids("status=paused")).toEqual([paused.id]);
    expect(await ids("status=scheduled&at=2026-02-28T23:59")).toContain(id);
    expect(await ids("status=running&at=2026-03-01T00:00")).toContain(id);
    expect(await ids("status=ended&at=2026-04-01T00:00:00%2B11:00")).toEqual(
      expect.arrayContaining([id, paused.id]),
    );
    const page = await json("/api/campaigns?at=2026-02-28T12:59:59Z&pageSize=1");
    expect(page.body).toMatchObject({ page: 1, pageSize: 1, at: "2026-02-28T12:59:59.000Z" });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(1);
    expect((await json("/api/campaigns?status=finished")).status).toBe(422);
    expect((await json("/api/campaigns?at=2026-02-30T10:00")).status).toBe(422);
  });

  it("redirects /r/{id} to the stored destination and counts one click per GET", async () => {
    t.clock.set(new Date("2026-03-10T20:00:00Z")); // 11/03 07:00 in Nouméa
    const { id } = await create({ name: "Clics" });

    const first = await t.app.request(`/r/${id}`);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(DESTINATION);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.headers.get("referrer-policy")).toBe("no-referrer");
    expect(first.headers.get("set-cookie")).toBeNull();
    expect(await clicksOf(id)).toEqual({ "2026-03-11": 1 });

    const tampered = await t.app.request(
      `/r/${id}?to=https://evil.example&url=https://evil.example`,
    );
    expect(tampered.status).toBe(302);
    expect(tampered.headers.get("location")).toBe(DESTINATION);
    expect(await clicksOf(id)).toEqual({ "2026-03-11": 2 });

    const head = await t.app.request(`/r/${id}`, { method: "HEAD" });
    expect(head.status).toBe(302);
    expect(head.headers.get("location")).toBe(DESTINATION);
    expect(await clicksOf(id)).toEqual({ "2026-03-11": 2 });

    // Concurrent clicks all count: the increment is one statement.
    await Promise.all(Array.from({ length: 10 }, () => t.app.request(`/r/${id}`)));
    expect(await clicksOf(id)).toEqual({ "2026-03-11": 12 });

    // An archived campaign still redirects: old mails keep working.
    const current = (await json(`/api/campaigns/${id}`)).body;
    await json(`/api/campaigns/${id}`, { method: "DELETE", ifMatch: current.etag });
    expect((await t.app.request(`/r/${id}`)).headers.get("location")).toBe(DESTINATION);
  });

  it.each([
    ["an unknown campaign", `/r/${UNKNOWN_ID}`],
    ["a malformed id", "/r/not-a-uuid"],
    ["markup in the id", "/r/%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
    ["an uppercase near-uuid", "/r/ZZZZZZZZ-0000-4000-8000-000000000000"],
  ])("answers « Lien introuvable » for %s", async (_label, path) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("location")).toBeNull();
    const page = await response.text();
    expect(page).toContain("Lien introuvable");
    expect(page).not.toContain("<script>");
  });

  it("sums clicks and impressions per Nouméa day in the stats", async () => {
    t.clock.set(new Date("2026-03-10T20:00:00Z"));
    const { id } = await create({ name: "Statistiques" });
    await t.app.request(`/r/${id}`);
    await t.app.request(`/r/${id}`);
    await recordImpressions(t.database.db, [
      { campaignId: id, day: "2026-03-10", count: 100 },
      { campaignId: id, day: "2026-03-11", count: 40 },
      { campaignId: id, day: "2026-03-11", count: 10 },
      { campaignId: id, day: "2026-03-12", count: 0 },
      { campaignId: UNKNOWN_ID, day: "2026-03-11", count: 5 },
    ]);
    // Concurrent batches on the same rows all count.
    await Promise.all(
      Array.from({ length: 5 }, () =>
        recordImpressions(t.database.db, [{ campaignId: id, day: "2026-03-10", count: 2 }]),
      ),
    );

    const stats = await json(`/api/campaigns/${id}/stats?from=2026-03-10&to=2026-03-12`);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      campaignId: id,
      from: "2026-03-10",
      to: "2026-03-12",
      days: [
        { day: "2026-03-10", clicks: 0, impressions: 110, clickThroughRate: 0 },
        { day: "2026-03-11", clicks: 2, impressions: 50, clickThroughRate: 0.04 },
        { day: "2026-03-12", clicks: 0, impressions: 0, clickThroughRate: null },
      ],
      totals: { clicks: 2, impressions: 160, clickThroughRate: 2 / 160 },
    });
    const read = await json(`/api/campaigns/${id}`);
    expect(read.body.totals).toEqual({ clicks: 2, impressions: 160 });
    const unknownRows = await t.database.db
      .select()
      .from(bannerDailyStats)
      .where(eq(bannerDailyStats.campaignId, UNKNOWN_ID));
    expect(unknownRows).toHaveLength(0);

    const defaults = await json(`/api/campaigns/${id}/stats`);
    expect(defaults.body).toMatchObject({ from: "2026-02-10", to: "2026-03-11" });
    expect(defaults.body.days).toHaveLength(30);
  });

  it("validates the stats range", async () => {
    const { id } = await create({ name: "Période" });
    const status = async (query: string) =>
      (await json(`/api/campaigns/${id}/stats?${query}`)).status;
    expect(await status("from=2025-01-01&to=2025-12-31")).toBe(200);
    expect(await status("from=2028-01-01&to=2028-12-31")).toBe(200);
    expect(await status("from=2025-01-01&to=2026-01-02")).toBe(422);
    expect(await status("from=2026-03-12&to=2026-03-10")).toBe(422);
    expect(await status("from=2026-02-30&to=2026-03-10")).toBe(422);
    expect(await status("from=10/03/2026")).toBe(422);
    expect((await json(`/api/campaigns/${UNKNOWN_ID}/stats`)).status).toBe(404);
  });

  it("gives signatures the non-archived campaigns with their banner", async () => {
    const { id } = await create({ name: "Sélection", status: "paused" });
    const campaigns = await listCampaignsForSelection(t.database.db);
    const selected = campaigns.find((campaign) => campaign.id === id);
    expect(selected).toMatchObject({
      status: "paused",
      startsAt: new Date("2026-02-28T13:00:00Z"),
      endsAt: new Date("2026-03-31T13:00:00Z"),
      audience: { kind: "everyone" },
      imageHash: BANNER,
      imageContentType: "image/png",
      imageWidth: 600,
      imageHeight: 120,
    });
    expect(campaigns.some((campaign) => campaign.status === "archived")).toBe(false);
    expect(clickUrl(`${PUBLIC_URL}/`, id)).toBe(`${PUBLIC_URL}/r/${id}`);
  });
});
