import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SnapshotUser } from "../../api/src/sandbox/graph";
import {
  type GraphSandbox,
  type Json,
  SELECT_ALL,
  startGraphSandbox,
} from "../support/sandbox-graph";

const USERS = 120;
const FIRST = `/v1.0/users/delta?$select=${SELECT_ALL}`;
const VALUE_PROPERTIES = SELECT_ALL.split(",").filter(
  (name) => name !== "manager" && name !== "id",
);
const SEVEN_DAYS = 7 * 24 * 3600 * 1000;

describe("sandbox Graph: users/delta", () => {
  let g: GraphSandbox;
  beforeEach(async () => {
    g = await startGraphSandbox({ agentCount: USERS, pageSize: 25 });
  });
  afterEach(() => g.close());

  const snapshotUser = (id: string): SnapshotUser => {
    const user = g.control.snapshot().users.find((candidate) => candidate.id === id);
    if (!user) throw new Error(`no user ${id}`);
    return user;
  };
  const someUsers = (count: number) => g.control.snapshot().users.slice(10, 10 + count);
  const byId = (items: Json[], id: string) => items.filter((item) => item.id === id);

  describe("full round", () => {
    it("pages through every user with either a nextLink or a deltaLink, absolute https", async () => {
      const { pages, items, deltaLink } = await g.round(FIRST);
      expect(pages).toHaveLength(Math.ceil(USERS / 25));
      for (const [index, page] of pages.entries()) {
        const last = index === pages.length - 1;
        expect("@odata.nextLink" in page).toBe(!last);
        expect("@odata.deltaLink" in page).toBe(last);
        const link = (page["@odata.nextLink"] ?? page["@odata.deltaLink"]) as string;
        expect(
          link.startsWith(`${g.url}/v1.0/users/delta?$${last ? "deltatoken" : "skiptoken"}=`),
        ).toBe(true);
        expect(page.value.length).toBeLessThanOrEqual(25);
      }
      expect(pages[0]?.["@odata.context"]).toBe(`${g.url}/v1.0/$metadata#users(${SELECT_ALL})`);
      expect(pages[1]?.["@odata.context"]).toBe(`${g.url}/v1.0/$metadata#users`);
      expect(deltaLink).toMatch(/\$deltatoken=[A-Za-z0-9_-]+$/);
      const ids = items.map((item) => item.id);
      expect(ids).toHaveLength(USERS);
      expect(new Set(ids).size).toBe(USERS);
    });

    it("returns every selected property as the snapshot has it, and manager@delta", async () => {
      const { items } = await g.round(FIRST);
      const snapshot = g.control.snapshot().users;
      expect(snapshot).toHaveLength(USERS);
      for (const user of snapshot) {
        const [item] = byId(items, user.id);
        for (const property of VALUE_PROPERTIES) {
          const expected = user[property as keyof SnapshotUser];
          if (expected === null) expect(item).not.toHaveProperty(property);
          else expect(item?.[property]).toEqual(expected);
        }
        if (user.managerId) {
          expect(item?.["manager@delta"]).toEqual([
            { "@odata.type": "#microsoft.graph.user", id: user.managerId },
          ]);
        } else {
          expect(item).not.toHaveProperty("manager@delta");
        }
      }
      expect(snapshot.some((user) => user.managerId === null)).toBe(true);
      expect(snapshot.some((user) => user.mobilePhone === null)).toBe(true);
    });

    it("honours the configured page size and Prefer: odata.maxpagesize up to 200", async () => {
      g.control.setPageSize({ users: 50 });
      expect((await g.round(FIRST)).pages).toHaveLength(3);
      const small = await g.round(FIRST, { Prefer: "odata.maxpagesize=10" });
      expect(small.pages).toHaveLength(12);
      const capped = await g.round(FIRST, { Prefer: "odata.maxpagesize=5000" });
      expect(capped.pages).toHaveLength(1);
      expect(capped.items).toHaveLength(USERS);
      expect(() => g.control.setPageSize({ users: 201 })).toThrow(/1 to 200/);
    });

    it("uses Graph's default properties when nothing is selected", async () => {
      const { body } = await g.getJson("/v1.0/users/delta");
      const item = body.value[0] as Json;
      expect(item.id).toBeTruthy();
      expect(item.displayName).toBeTruthy();
      expect(item).not.toHaveProperty("department");
      expect(item).not.toHaveProperty("manager@delta");
    });
  });

  describe("query options", () => {
    it("refuses $select or $filter next to a state token", async () => {
      const first = await g.getJson(FIRST);
      const nextLink = first.body["@odata.nextLink"] as string;
      const withSelect = await g.getJson(`${nextLink}&$select=displayName`);
      expect(withSelect.response.status).toBe(400);
      expect(withSelect.body.error.code).toBe("Request_BadRequest");

      const { deltaLink } = await g.round(FIRST);
      const withFilter = await g.getJson(`${deltaLink}&$filter=${encodeURIComponent("id eq 'x'")}`);
      expect(withFilter.response.status).toBe(400);
      const unknown = await g.getJson("/v1.0/users/delta?$select=displayName,shoeSize");
      expect(unknown.response.status).toBe(400);
      expect(unknown.body.error.message).toContain("'shoeSize'");
      const top = await g.getJson("/v1.0/users/delta?$top=5");
      expect(top.body.error.code).toBe("Request_UnsupportedQuery");
    });

    it("filters by id only, 50 ids at most, and keeps the filter in later rounds", async () => {
      const [a, b, outside] = someUsers(3);
      const filter = encodeURIComponent(`id eq '${a?.id}' or id eq '${b?.id}'`);
      const filtered = await g.round(
        `/v1.0/users/delta?$select=displayName,jobTitle&$filter=${filter}`,
      );
      expect(filtered.items.map((item) => item.id).sort()).toEqual([a?.id, b?.id].sort());

      g.control.updateUser(outside?.id ?? "", { jobTitle: "Hors filtre" });
      g.control.updateUser(a?.id ?? "", { jobTitle: "Dans le filtre" });
      const next = await g.round(filtered.deltaLink);
      expect(next.items).toEqual([
        expect.objectContaining({ id: a?.id, jobTitle: "Dans le filtre" }),
      ]);

      const many = Array.from({ length: 51 }, (_, i) => `id eq '${i}'`).join(" or ");
      const tooMany = await g.getJson(`/v1.0/users/delta?$filter=${encodeURIComponent(many)}`);
      expect(tooMany.response.status).toBe(400);
      expect(tooMany.body.error.code).toBe("Request_UnsupportedQuery");
      const other = await g.getJson(
        `/v1.0/users/delta?$filter=${encodeURIComponent("displayName eq 'x'")}`,
      );
      expect(other.response.status).toBe(400);
      expect(other.body.error.code).toBe("Request_UnsupportedQuery");
    });

    it("answers $deltatoken=latest with no users and a deltaLink to changes from now", async () => {
      const latest = await g.getJson(
        "/v1.0/users/delta?$select=displayName,jobTitle&$deltatoken=latest",
      );
      expect(latest.response.status).toBe(200);
      expect(latest.body.value).toEqual([]);
      expect(latest.body).not.toHaveProperty("@odata.nextLink");
      const [user] = someUsers(1);
      g.control.updateUser(user?.id ?? "", { jobTitle: "Nouveau poste" });
      const next = await g.round(latest.body["@odata.deltaLink"]);
      expect(next.items).toEqual([
        { displayName: user?.displayName, jobTitle: "Nouveau poste", id: user?.id },
      ]);
    });

    it("answers 400 for a state token it did not issue", async () => {
      const { response, body } = await g.getJson("/v1.0/users/delta?$skiptoken=bm90LWEtdG9rZW4");
      expect(response.status).toBe(400);
      expect(body.error.code).toBe("Request_BadRequest");
    });
  });

  describe("incremental rounds", () => {
    it("returns only changed users, whole by default, and the same changes when a deltaLink is replayed", async () => {
      const { deltaLink } = await g.round(FIRST);
      expect((await g.round(deltaLink)).items).toEqual([]);
      const [a, b] = someUsers(2);
      g.control.updateUser(a?.id ?? "", { jobTitle: "Responsable du numérique" });
      g.control.updateUser(b?.id ?? "", { mobilePhone: null });

      const first = await g.round(deltaLink);
      expect(first.items.map((item) => item.id).sort()).toEqual([a?.id, b?.id].sort());
      const [changedA] = byId(first.items, a?.id ?? "");
      expect(changedA).toMatchObject({
        jobTitle: "Responsable du numérique",
        displayName: a?.displayName,
        userPrincipalName: a?.userPrincipalName,
        department: a?.department,
      });
      const [changedB] = byId(first.items, b?.id ?? "");
      expect(changedB).toHaveProperty("mobilePhone", null);
      expect(changedB).toHaveProperty("displayName", b?.displayName);
      expect(first.pages[0]?.["@odata.context"]).toBe(`${g.url}/v1.0/$metadata#users`);

      const replay = await g.round(deltaLink);
      expect(replay.items).toEqual(first.items);
      expect((await g.round(first.deltaLink)).items).toEqual([]);
    });

    it("returns only the changed properties with Prefer: return=minimal", async () => {
      const { deltaLink } = await g.round(FIRST);
      const [a, b] = someUsers(2);
      g.control.updateUser(a?.id ?? "", { jobTitle: "Chargée de mission", city: "Nouméa" });
      g.control.updateUser(b?.id ?? "", { mobilePhone: null });
      const response = await g.get(deltaLink, { headers: { Prefer: "return=minimal" } });
      expect(response.headers.get("preference-applied")).toBe("return=minimal");
      const body = (await response.json()) as Json;
      expect(byId(body.value, a?.id ?? "")).toEqual([
        { jobTitle: "Chargée de mission", city: "Nouméa", id: a?.id },
      ]);
      expect(byId(body.value, b?.id ?? "")).toEqual([{ mobilePhone: null, id: b?.id }]);

      const full = await g.get(FIRST, { headers: { Prefer: "return=minimal" } });
      expect(full.headers.get("preference-applied")).toBeNull();
    });

    it("does not resurface a user whose change is outside the selection", async () => {
      const selected = await g.round("/v1.0/users/delta?$select=displayName,jobTitle");
      const [user] = someUsers(1);
      g.control.updateUser(user?.id ?? "", { department: "Autre direction", city: "Païta" });
      expect((await g.round(selected.deltaLink)).items).toEqual([]);
      g.control.updateUser(user?.id ?? "", { jobTitle: "Agent d'accueil" });
      const next = await g.round(selected.deltaLink);
      expect(next.items).toEqual([
        { displayName: user?.displayName, jobTitle: "Agent d'accueil", id: user?.id },
      ]);
    });

    it("reports soft-delete as changed, restore as a whole user, hard-delete as deleted", async () => {
      const round0 = await g.round(FIRST);
      const [user] = someUsers(1);
      const id = user?.id ?? "";
      g.control.softDeleteUser(id);
      const round1 = await g.round(round0.deltaLink);
      expect(round1.items).toEqual([{ id, "@removed": { reason: "changed" } }]);
      expect(g.control.snapshot().users.some((candidate) => candidate.id === id)).toBe(false);

      g.control.restoreUser(id);
      const round2 = await g.round(round1.deltaLink);
      expect(round2.items).toHaveLength(1);
      expect(round2.items[0]).toMatchObject({ id, displayName: user?.displayName });
      expect(round2.items[0]).not.toHaveProperty("@removed");

      g.control.hardDeleteUser(id);
      const round3 = await g.round(round2.deltaLink);
      expect(round3.items).toEqual([{ id, "@removed": { reason: "deleted" } }]);
      expect(() => g.control.restoreUser(id)).toThrow(/does not exist/);
    });

    it("reports a user created then deleted between two rounds as removed, and a new one whole", async () => {
      const round0 = await g.round(FIRST);
      const fleeting = g.control.createUser({ displayName: "Stagiaire éphémère" });
      g.control.hardDeleteUser(fleeting.id);
      const binned = g.control.createUser({ displayName: "Agent parti" });
      g.control.softDeleteUser(binned.id);
      const created = g.control.createUser({
        displayName: "Nouvelle recrue",
        jobTitle: "Agente administrative",
        department: "Ressources humaines",
      });
      const round1 = await g.round(round0.deltaLink);
      expect(round1.items).toHaveLength(3);
      expect(byId(round1.items, fleeting.id)).toEqual([
        { id: fleeting.id, "@removed": { reason: "deleted" } },
      ]);
      expect(byId(round1.items, binned.id)).toEqual([
        { id: binned.id, "@removed": { reason: "changed" } },
      ]);
      expect(byId(round1.items, created.id)[0]).toMatchObject({
        displayName: "Nouvelle recrue",
        jobTitle: "Agente administrative",
        accountEnabled: true,
        userType: "Member",
      });
      expect(snapshotUser(created.id).department).toBe("Ressources humaines");
    });

    it("tracks the manager in manager@delta: set, removed, and removed with a deleted manager", async () => {
      const round0 = await g.round(FIRST);
      const [report, newManager, other] = someUsers(3);
      const reportId = report?.id ?? "";
      g.control.setManager(reportId, newManager?.id ?? "");
      const round1 = await g.round(round0.deltaLink, { Prefer: "return=minimal" });
      expect(round1.items).toEqual([
        {
          id: reportId,
          "manager@delta": [{ "@odata.type": "#microsoft.graph.user", id: newManager?.id }],
        },
      ]);

      g.control.setManager(reportId, null);
      const round2 = await g.round(round1.deltaLink, { Prefer: "return=minimal" });
      expect(round2.items).toEqual([
        {
          id: reportId,
          "manager@delta": [
            {
              "@odata.type": "#microsoft.graph.user",
              id: newManager?.id,
              "@removed": { reason: "changed" },
            },
          ],
        },
      ]);
      expect(snapshotUser(reportId).managerId).toBeNull();

      g.control.setManager(reportId, other?.id ?? "");
      const round3 = await g.round(round2.deltaLink);
      g.control.hardDeleteUser(other?.id ?? "");
      const round4 = await g.round(round3.deltaLink);
      expect(byId(round4.items, reportId)[0]?.["manager@delta"]).toEqual([
        {
          "@odata.type": "#microsoft.graph.user",
          id: other?.id,
          "@removed": { reason: "deleted" },
        },
      ]);
      expect(byId(round4.items, other?.id ?? "")).toEqual([
        { id: other?.id, "@removed": { reason: "deleted" } },
      ]);
    });

    it("does not report manager changes when manager is not selected", async () => {
      const round0 = await g.round("/v1.0/users/delta?$select=displayName");
      const [report, manager] = someUsers(2);
      g.control.setManager(report?.id ?? "", manager?.id ?? "");
      expect((await g.round(round0.deltaLink)).items).toEqual([]);
    });
  });

  describe("state tokens", () => {
    it("expire after seven days on the sandbox clock with syncStateNotFound", async () => {
      const first = await g.getJson(FIRST);
      const { deltaLink } = await g.round(FIRST);
      g.control.advanceClock(SEVEN_DAYS - 1000);
      expect((await g.get(deltaLink)).status).toBe(200);
      g.control.advanceClock(2000);
      for (const link of [deltaLink, first.body["@odata.nextLink"] as string]) {
        const { response, body } = await g.getJson(link);
        expect(response.status).toBe(400);
        expect(body.error.code).toBe("syncStateNotFound");
        expect(body.error.message).toBe(
          "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
        );
      }
      // The access token, checked against the issuer's clock, is still good.
      expect((await g.get(FIRST)).status).toBe(200);
    });

    it("expire after the configured lifetime", async () => {
      g.control.setDeltaOptions({ tokenLifetimeMs: 60_000 });
      const { deltaLink } = await g.round(FIRST);
      g.control.advanceClock(61_000);
      expect((await g.getJson(deltaLink)).body.error.code).toBe("syncStateNotFound");
    });

    it("are refused by another sandbox instance (a restarted tenant)", async () => {
      const { deltaLink } = await g.round(FIRST);
      const other = await startGraphSandbox({ agentCount: 20 });
      try {
        const moved = deltaLink.replace(g.url, other.url);
        expect((await other.getJson(moved)).body.error.code).toBe("syncStateNotFound");
      } finally {
        await other.close();
      }
    });

    it("answer 410 Gone with a fresh delta URL when a resync is forced mid-round", async () => {
      const select = "displayName,jobTitle";
      const first = await g.getJson(`/v1.0/users/delta?$select=${select}`);
      g.control.forceResync("users/delta");
      const { response, body } = await g.getJson(first.body["@odata.nextLink"]);
      expect(response.status).toBe(410);
      expect(body.error.code).toBe("resyncRequired");
      const location = response.headers.get("location") ?? "";
      expect(location).toBe(`${g.url}/v1.0/users/delta?$select=${select}`);
      const restarted = await g.round(location);
      expect(restarted.items).toHaveLength(USERS);
      expect(restarted.items[0]).toHaveProperty("displayName");
      expect(restarted.items[0]).not.toHaveProperty("department");
    });
  });

  describe("sandbox options", () => {
    it("emits duplicates within a round when switched on", async () => {
      const plain = await g.round(FIRST);
      expect(plain.items).toHaveLength(USERS);
      g.control.setDeltaOptions({ duplicates: true });
      const { items } = await g.round(FIRST);
      const ids = items.map((item) => item.id);
      expect(ids.length).toBeGreaterThan(USERS);
      expect(new Set(ids).size).toBe(USERS);
    });

    it("replays a round's changes in the next round when switched on", async () => {
      g.control.setDeltaOptions({ replays: true });
      const round0 = await g.round(FIRST);
      const [user] = someUsers(1);
      g.control.updateUser(user?.id ?? "", { jobTitle: "Rejoué" });
      const round1 = await g.round(round0.deltaLink);
      const round2 = await g.round(round1.deltaLink);
      expect(round1.items.map((item) => item.id)).toEqual([user?.id]);
      expect(round2.items).toEqual(round1.items);
    });

    it("serves empty pages that still carry a nextLink when asked to", async () => {
      g.control.setDeltaOptions({ emptyPageEvery: 2 });
      const { pages, items } = await g.round(FIRST);
      const empty = pages.filter((page) => page.value.length === 0);
      expect(empty.length).toBeGreaterThan(0);
      for (const page of empty) {
        if (page !== pages[pages.length - 1]) expect(page["@odata.nextLink"]).toBeTruthy();
      }
      expect(new Set(items.map((item) => item.id)).size).toBe(USERS);
    });
  });
});
