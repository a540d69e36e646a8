import { expect } from "vitest";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import { agents, directoryGroupMembers, directoryGroups } from "../../api/src/db/schema";
import { systemContext } from "../../api/src/modules/context";
import { type SyncOptions, searchTextOf, syncDirectory } from "../../api/src/modules/directory";
import { USER_PROPERTIES } from "../../api/src/sandbox/graph/properties";
import type { TestApp } from "./app";

/** Every property the tenant serves (but the id), and the manager relationship. */
const PROPERTIES = [...USER_PROPERTIES.filter((p) => p !== "id"), "managerId"] as const;

/** The context a job gives the directory's use cases (no actor, no request). */
export const jobContext = (t: TestApp) =>
  systemContext({
    db: t.database.db,
    clock: t.clock,
    ids: randomIds,
    logger: createLogger("silent"),
  });

/** Runs one directory sync the way the job does, against the test app's sandbox tenant. */
export function runSync(t: TestApp, options: Partial<SyncOptions> = {}) {
  return syncDirectory(jobContext(t), t.runtime.sync, { trigger: "manual", ...options });
}

/**
 * The local directory equals the sandbox tenant field by field: the same live users with the
 * same values (soft-deleted ones kept locally but inactive), the same groups and members.
 */
export async function expectDirectoryEqualsTenant(t: TestApp, options: { photos?: boolean } = {}) {
  const snapshot = t.sandbox.graph.snapshot();
  const rows = await t.database.db.select().from(agents);
  const live = rows.filter((row) => row.softDeletedAt === null);
  expect(live.map((row) => row.id).sort()).toEqual(snapshot.users.map((user) => user.id).sort());
  const byId = new Map(live.map((row) => [row.id, row]));
  for (const user of snapshot.users) {
    const row = byId.get(user.id);
    const local = Object.fromEntries(PROPERTIES.map((p) => [p, row?.[p] ?? null]));
    const tenant = Object.fromEntries(PROPERTIES.map((p) => [p, user[p] ?? null]));
    if (local.businessPhones === null) local.businessPhones = [];
    if (tenant.businessPhones === null) tenant.businessPhones = [];
    expect(local, `agent ${user.id}`).toEqual(tenant);
    // The stored search text follows every change, including partial incremental ones.
    expect(row?.searchText, `search text of ${user.id}`).toBe(searchTextOf(tenant));
    if (options.photos) expect(row?.photoEtag ?? null, `photo of ${user.id}`).toBe(user.photoEtag);
  }
  const groups = await t.database.db.select().from(directoryGroups);
  const members = await t.database.db.select().from(directoryGroupMembers);
  expect(groups.map((g) => g.id).sort()).toEqual(snapshot.groups.map((g) => g.id).sort());
  for (const group of snapshot.groups) {
    const local = groups.find((g) => g.id === group.id);
    expect(local?.displayName).toBe(group.displayName);
    expect(
      members
        .filter((m) => m.groupId === group.id)
        .map((m) => m.agentId)
        .sort(),
      `members of ${group.displayName}`,
    ).toEqual([...group.memberIds].sort());
  }
  return { rows, snapshot };
}
