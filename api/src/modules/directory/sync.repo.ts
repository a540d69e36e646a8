import {
  and,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  lt,
  notInArray,
  or,
  sql,
} from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  agents,
  directoryGroupMembers,
  directoryGroups,
  directorySyncRuns,
  directorySyncState,
} from "../../db/schema";
import type { AgentChanges, AgentColumn } from "./graph-mapping";

const agentColumns = getTableColumns(agents);

export interface UpsertResult {
  added: string[];
  updated: string[];
}

/**
 * Upserts a page of agents. Rows carry only the columns Graph sent (absent = unchanged), so rows
 * are grouped by their column set; a row whose values did not change is not written at all.
 */
export async function upsertAgents(
  db: DbOrTx,
  rows: { id: string; changes: AgentChanges }[],
  syncedAt: Date,
): Promise<UpsertResult> {
  const groups = new Map<string, { id: string; changes: AgentChanges }[]>();
  for (const row of rows) {
    const signature = Object.keys(row.changes).sort().join(",");
    groups.set(signature, [...(groups.get(signature) ?? []), row]);
  }
  const result: UpsertResult = { added: [], updated: [] };
  for (const [signature, group] of groups) {
    const columns = (signature ? signature.split(",") : []) as AgentColumn[];
    const compared = [...columns.map((key) => agentColumns[key].name), "soft_deleted_at"];
    const set: Record<string, unknown> = {
      softDeletedAt: sql.raw("excluded.soft_deleted_at"),
      syncedAt: sql.raw("excluded.synced_at"),
    };
    for (const key of columns) set[key] = sql.raw(`excluded.${agentColumns[key].name}`);
    const changed = sql.raw(
      `(${compared.map((c) => `"agents"."${c}"`).join(", ")}) is distinct from (${compared.map((c) => `excluded.${c}`).join(", ")})`,
    );
    const returned = await db
      .insert(agents)
      .values(
        group.map((row) => ({
          id: row.id,
          ...row.changes,
          softDeletedAt: null,
          syncedAt,
        })) as (typeof agents.$inferInsert)[],
      )
      .onConflictDoUpdate({ target: agents.id, set, setWhere: changed })
      .returning({ id: agents.id, inserted: sql<boolean>`(xmax = 0)` });
    for (const row of returned) (row.inserted ? result.added : result.updated).push(row.id);
  }
  return result;
}

/** Removed with reason "changed": kept, inactive, restorable. Returns the ids newly deactivated. */
export async function softDeleteAgents(db: DbOrTx, ids: string[], at: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(agents)
    .set({ softDeletedAt: at, syncedAt: at })
    .where(and(inArray(agents.id, ids), isNull(agents.softDeletedAt)))
    .returning({ id: agents.id });
  return rows.map((row) => row.id);
}

export async function deleteAgents(db: DbOrTx, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await db.delete(directoryGroupMembers).where(inArray(directoryGroupMembers.agentId, ids));
  const rows = await db.delete(agents).where(inArray(agents.id, ids)).returning({ id: agents.id });
  return rows.length;
}

/** Mark-and-sweep after a full round: whoever the fresh snapshot did not contain is gone. */
export async function sweepAgents(db: DbOrTx, seen: string[]): Promise<number> {
  // One array parameter, whatever the tenant's size (a list of ids is capped at 65,535 parameters).
  const unseen = sql`not (${agents.id} = any(${sql.param(seen)}::text[]))`;
  const gone = db.select({ id: agents.id }).from(agents).where(unseen);
  await db.delete(directoryGroupMembers).where(inArray(directoryGroupMembers.agentId, gone));
  const rows = await db.delete(agents).where(unseen).returning({ id: agents.id });
  return rows.length;
}

export async function readDeltaLink(
  db: DbOrTx,
  resource: "users" | "groups",
): Promise<string | null> {
  const [row] = await db
    .select()
    .from(directorySyncState)
    .where(eq(directorySyncState.resource, resource));
  return row?.deltaLink ?? null;
}

export async function saveDeltaLink(
  db: DbOrTx,
  resource: "users" | "groups",
  deltaLink: string,
  at: Date,
) {
  await db
    .insert(directorySyncState)
    .values({ resource, deltaLink, roundCompletedAt: at })
    .onConflictDoUpdate({
      target: directorySyncState.resource,
      set: { deltaLink, roundCompletedAt: at },
    });
}

export async function forgetDeltaLinks(db: DbOrTx) {
  await db.delete(directorySyncState);
}

export async function upsertGroups(
  db: DbOrTx,
  groups: { id: string; displayName?: unknown; description?: unknown; mailNickname?: unknown }[],
  syncedAt: Date,
) {
  for (const group of groups) {
    const values: typeof directoryGroups.$inferInsert = { id: group.id, syncedAt };
    const set: Partial<typeof directoryGroups.$inferInsert> = { syncedAt };
    for (const key of ["displayName", "description", "mailNickname"] as const) {
      if (key in group) {
        const value = typeof group[key] === "string" ? (group[key] as string) : null;
        values[key] = value;
        set[key] = value;
      }
    }
    await db
      .insert(directoryGroups)
      .values(values)
      .onConflictDoUpdate({ target: directoryGroups.id, set });
  }
}

export async function addGroupMembers(db: DbOrTx, pairs: { groupId: string; agentId: string }[]) {
  if (pairs.length === 0) return;
  await db.insert(directoryGroupMembers).values(pairs).onConflictDoNothing();
}

export async function removeGroupMembers(
  db: DbOrTx,
  pairs: { groupId: string; agentId: string }[],
) {
  for (const pair of pairs) {
    await db
      .delete(directoryGroupMembers)
      .where(
        and(
          eq(directoryGroupMembers.groupId, pair.groupId),
          eq(directoryGroupMembers.agentId, pair.agentId),
        ),
      );
  }
}

export async function deleteGroups(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return;
  await db.delete(directoryGroups).where(inArray(directoryGroups.id, ids));
}

/** After a full groups round: groups and memberships the snapshot did not contain are gone. */
export async function sweepGroups(db: DbOrTx, seenGroups: string[], seenMemberships: Set<string>) {
  await db
    .delete(directoryGroups)
    .where(seenGroups.length ? notInArray(directoryGroups.id, seenGroups) : undefined);
  const memberships = await db.select().from(directoryGroupMembers);
  const stale = memberships.filter((m) => !seenMemberships.has(`${m.groupId}|${m.agentId}`));
  await removeGroupMembers(db, stale);
}

export type SyncRunRow = typeof directorySyncRuns.$inferSelect;

export async function insertRun(db: DbOrTx, row: typeof directorySyncRuns.$inferInsert) {
  await db.insert(directorySyncRuns).values(row);
}

export async function updateRun(
  db: DbOrTx,
  id: string,
  values: Partial<typeof directorySyncRuns.$inferInsert>,
) {
  await db.update(directorySyncRuns).set(values).where(eq(directorySyncRuns.id, id));
}

export async function listRuns(db: DbOrTx, limit: number): Promise<SyncRunRow[]> {
  return db
    .select()
    .from(directorySyncRuns)
    .orderBy(desc(directorySyncRuns.startedAt))
    .limit(limit);
}

export async function agentsWithStalePhotos(
  db: DbOrTx,
  checkedBefore: Date,
  limit: number,
): Promise<{ id: string; photoEtag: string | null }[]> {
  return db
    .select({ id: agents.id, photoEtag: agents.photoEtag })
    .from(agents)
    .where(
      and(
        isNull(agents.softDeletedAt),
        or(isNull(agents.photoCheckedAt), lt(agents.photoCheckedAt, checkedBefore)),
      ),
    )
    .orderBy(sql`${agents.photoCheckedAt} asc nulls first`)
    .limit(limit);
}

export async function agentsNeedingPhotoCheck(
  db: DbOrTx,
  ids: string[] | "all",
): Promise<{ id: string; photoEtag: string | null }[]> {
  const base = db.select({ id: agents.id, photoEtag: agents.photoEtag }).from(agents);
  if (ids === "all") return base.where(isNull(agents.softDeletedAt));
  if (ids.length === 0) return [];
  return base.where(inArray(agents.id, ids));
}

/** Records a photo check; `hash`/`contentType` undefined = unchanged (only the etag and check time move). */
export async function setAgentPhoto(
  db: DbOrTx,
  id: string,
  photo: { etag: string | null; hash?: string | null; contentType?: string | null },
  checkedAt: Date,
) {
  await db
    .update(agents)
    .set({
      photoEtag: photo.etag,
      ...(photo.hash === undefined ? {} : { photoHash: photo.hash }),
      ...(photo.contentType === undefined ? {} : { photoContentType: photo.contentType }),
      photoCheckedAt: checkedAt,
    })
    .where(eq(agents.id, id));
}

export async function listRunById(db: DbOrTx, id: string): Promise<SyncRunRow> {
  const [row] = await db.select().from(directorySyncRuns).where(eq(directorySyncRuns.id, id));
  if (!row) throw new Error(`sync run ${id} not found`);
  return row;
}

/** Runs left "running" by a process that stopped mid-way: recorded as interrupted. */
export async function failInterruptedRuns(db: DbOrTx, at: Date): Promise<void> {
  await db
    .update(directorySyncRuns)
    .set({
      outcome: "failed",
      finishedAt: at,
      error: "Interrupted: the process stopped before the run ended.",
    })
    .where(eq(directorySyncRuns.outcome, "running"));
}
