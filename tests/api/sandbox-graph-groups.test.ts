import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GraphSandbox, type Json, startGraphSandbox } from "../support/sandbox-graph";

const FIRST = "/v1.0/groups/delta?$select=displayName,description,mailNickname,members";
const USER_TYPE = "#microsoft.graph.user";

/** Merges the pages of a round per group, as Graph asks clients to. */
function mergeByGroup(items: Json[]) {
  const groups = new Map<string, { item: Json; members: Json[]; appearances: number }>();
  for (const item of items) {
    const entry = groups.get(item.id) ?? { item, members: [], appearances: 0 };
    entry.appearances += 1;
    entry.members.push(...((item["members@delta"] as Json[] | undefined) ?? []));
    groups.set(item.id, entry);
  }
  return groups;
}

describe("sandbox Graph: groups/delta", () => {
  let g: GraphSandbox;
  beforeEach(async () => {
    g = await startGraphSandbox({ agentCount: 150 });
  });
  afterEach(() => g.close());

  const groupNamed = (name: string) => {
    const group = g.control.snapshot().groups.find((candidate) => candidate.displayName === name);
    if (!group) throw new Error(`no group ${name}`);
    return group;
  };

  it("returns every group with its members, a large group split across pages", async () => {
    g.control.setPageSize({ groupMembers: 20 });
    const { pages, items } = await g.round(FIRST);
    const snapshot = g.control.snapshot().groups;
    const merged = mergeByGroup(items);
    expect(merged.size).toBe(snapshot.length);
    for (const group of snapshot) {
      const entry = merged.get(group.id);
      expect(entry?.item).toMatchObject({
        displayName: group.displayName,
        description: group.description,
        mailNickname: group.mailNickname,
      });
      const ids = entry?.members.map((member) => member.id) ?? [];
      expect(ids.sort()).toEqual([...group.memberIds].sort());
      for (const member of entry?.members ?? []) {
        expect(member).toEqual({ "@odata.type": USER_TYPE, id: member.id });
      }
    }
    const everyone = groupNamed("Tous les agents");
    expect(everyone.memberIds.length).toBeGreaterThan(100);
    expect(merged.get(everyone.id)?.appearances).toBe(Math.ceil(everyone.memberIds.length / 20));
    for (const page of pages) {
      const links = (page.value as Json[]).flatMap((item) => item["members@delta"] ?? []);
      expect(links.length).toBeLessThanOrEqual(20);
    }
    expect(pages[pages.length - 1]?.["@odata.deltaLink"]).toMatch(
      new RegExp(`^${g.url.replace(/\./g, "\\.")}/v1\\.0/groups/delta\\?\\$deltatoken=`),
    );
  });

  it("returns only changed groups, with only the membership changes", async () => {
    const round0 = await g.round(FIRST);
    const police = groupNamed("Police municipale");
    const leaving = police.memberIds[0] ?? "";
    const joining =
      g.control
        .snapshot()
        .users.find((user) => !police.memberIds.includes(user.id) && user.accountEnabled)?.id ?? "";
    g.control.removeGroupMember(police.id, leaving);
    g.control.addGroupMember(police.id, joining);

    const round1 = await g.round(round0.deltaLink);
    expect(round1.items).toHaveLength(1);
    const [item] = round1.items;
    expect(item).toMatchObject({ id: police.id, displayName: police.displayName });
    expect(item?.["members@delta"]).toEqual([
      { "@odata.type": USER_TYPE, id: leaving, "@removed": { reason: "deleted" } },
      { "@odata.type": USER_TYPE, id: joining },
    ]);

    const minimal = await g.round(round0.deltaLink, { Prefer: "return=minimal" });
    expect(minimal.items).toEqual([{ id: police.id, "members@delta": item?.["members@delta"] }]);
    expect((await g.round(round1.deltaLink)).items).toEqual([]);
  });

  it("reports property changes of a group, minimal or whole", async () => {
    const round0 = await g.round(FIRST);
    const group = groupNamed("Encadrement");
    g.control.updateGroup(group.id, { description: null });
    const whole = await g.round(round0.deltaLink);
    expect(whole.items).toEqual([
      {
        displayName: group.displayName,
        description: null,
        mailNickname: group.mailNickname,
        id: group.id,
      },
    ]);
    const minimal = await g.round(round0.deltaLink, { Prefer: "return=minimal" });
    expect(minimal.items).toEqual([{ description: null, id: group.id }]);
  });

  it("takes a soft-deleted user out of its groups and puts it back on restore", async () => {
    const round0 = await g.round(FIRST);
    const communication = groupNamed("Équipe communication");
    const userId = communication.memberIds[0] ?? "";
    const memberships = g.control
      .snapshot()
      .groups.filter((group) => group.memberIds.includes(userId));
    g.control.softDeleteUser(userId);
    const round1 = await g.round(round0.deltaLink);
    expect(round1.items.map((item) => item.id).sort()).toEqual(
      memberships.map((group) => group.id).sort(),
    );
    for (const item of round1.items) {
      expect(item["members@delta"]).toEqual([
        { "@odata.type": USER_TYPE, id: userId, "@removed": { reason: "deleted" } },
      ]);
    }
    g.control.restoreUser(userId);
    const round2 = await g.round(round1.deltaLink);
    for (const item of round2.items) {
      expect(item["members@delta"]).toEqual([{ "@odata.type": USER_TYPE, id: userId }]);
    }
    expect(round2.items).toHaveLength(memberships.length);
  });

  it("returns a new group whole, and no members@delta when members are not selected", async () => {
    const round0 = await g.round(FIRST);
    const [a, b] = g.control.snapshot().users;
    const created = g.control.createGroup({
      displayName: "Comité des fêtes",
      description: "Organisation des fêtes communales.",
      memberIds: [a?.id ?? "", b?.id ?? ""],
    });
    const round1 = await g.round(round0.deltaLink);
    expect(round1.items).toEqual([
      {
        displayName: "Comité des fêtes",
        description: "Organisation des fêtes communales.",
        mailNickname: created.mailNickname,
        id: created.id,
        "members@delta": [
          { "@odata.type": USER_TYPE, id: a?.id },
          { "@odata.type": USER_TYPE, id: b?.id },
        ],
      },
    ]);
    const propertiesOnly = await g.round("/v1.0/groups/delta?$select=displayName");
    expect(propertiesOnly.items.every((item) => !("members@delta" in item))).toBe(true);
    expect(propertiesOnly.items.map((item) => item.displayName)).toContain("Comité des fêtes");
  });

  it("applies the same token rules as users/delta", async () => {
    const first = await g.getJson(FIRST);
    const withSelect = await g.getJson(
      `${first.body["@odata.nextLink"] ?? ""}&$select=displayName`,
    );
    const { deltaLink } = await g.round(FIRST);
    expect(withSelect.response.status).toBe(400);
    const usersLink = deltaLink.replace("/groups/delta", "/users/delta");
    expect((await g.getJson(usersLink)).body.error.code).toBe("Request_BadRequest");
    g.control.advanceClock(7 * 24 * 3600 * 1000 + 1);
    expect((await g.getJson(deltaLink)).body.error.code).toBe("syncStateNotFound");
  });
});
