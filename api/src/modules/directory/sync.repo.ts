import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  or,
  sql,
} from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { rowsOf } from "../../db/migrate";
import {
  agents,
  directoryGroupMembers,
  directoryGroups,
  directorySyncRuns,
  directorySyncState,
} from "../../db/schema";
import type { AgentChanges, AgentColumn } from "./graph-mapping";
import {
  hasAllSearchedColumns,
  searchedColumns,
  searchTextOf,
  touchesSearchedColumns,
} from "./search-text";

const agentColumns = getTableColumns(agents);

export interface UpsertResult {
  added: string[];
  updated: string[];
}

const columnName = (key: AgentColumn | "searchText") => agentColumns[key].name;
const recordField = (key: AgentColumn | "searchText") =>
  `"${columnName(key)}" ${agentColumns[key].getSQLType()}`;

/**
 * Upserts a page of agents. Rows carry only the columns Graph sent (absent = unchanged), so rows
 * are grouped by their column set; a row whose values did not change is not written at all.
 *
 * One statement per column set, the rows travelling as a single JSON parameter read back with
 * `jsonb_to_recordset`: the cost stays flat with the page size and far from the 65,535
 * parameter limit. The folded search text is computed here rather than by the database.
 */
export async function upsertAgents(
  db: DbOrTx,
  rows: { id: string; changes: AgentChanges }[],
  syncedAt: Date,
): Promise<UpsertResult> {
  const groups = new Map<string, { id: string; changes: AgentChanges }[]>();
  for (const row of rows) {
    const signature = Object.keys(row.changes).sort().join(",");
    const group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, [row]);
  }
  const result: UpsertResult = { added: [], updated: [] };
  const partialSearch: string[] = [];
  for (const [signature, group] of groups) {
    const columns = (signature ? signature.split(",") : []) as AgentColumn[];
    const sample = group[0]?.changes ?? {};
    const withSearch = hasAllSearchedColumns(sample);
    const written: (AgentColumn | "searchText")[] = withSearch
      ? [...columns, "searchText"]
      : columns;
    const records = group.map((row) => {
      const record: Record<string, unknown> = { id: row.id };
      for (const key of columns) record[columnName(key)] = row.changes[key];
      if (withSearch) record.search_text = searchTextOf(row.changes);
      return record;
    });
    const names = written.map((key) => `"${columnName(key)}"`);
    const compared = [...names, '"soft_deleted_at"'];
    const at = syncedAt.toISOString();
    const statement = sql`insert into "agents" ("id", ${sql.raw([...names, '"soft_deleted_at"', '"synced_at"', '"first_synced_at"'].join(", "))})
      select "id", ${sql.raw(names.map((name) => `${name}, `).join(""))}null, ${at}::timestamptz, ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r("id" text${sql.raw(written.map((key) => `, ${recordField(key)}`).join(""))})
      on conflict ("id") do update set ${sql.raw(
        [...compared, '"synced_at"'].map((name) => `${name} = excluded.${name}`).join(", "),
      )}
      where (${sql.raw(compared.map((name) => `"agents".${name}`).join(", "))}) is distinct from (${sql.raw(compared.map((name) => `excluded.${name}`).join(", "))})
      returning "id", (xmax = 0) as "inserted"`;
    const returned = rowsOf<{ id: string; inserted: boolean }>(await db.execute(statement));
    for (const row of returned) {
      (row.inserted ? result.added : result.updated).push(row.id);
      if (!withSearch && touchesSearchedColumns(sample)) partialSearch.push(row.id);
    }
  }
  await refreshSearchText(db, partialSearch);
  return result;
}

/** Recomputes the search text of agents whose searched fields changed only in part. */
async function refreshSearchText(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return;
  const current = await db
    .select({
      id: agents.id,
      ...Object.fromEntries(searchedColumns.map((key) => [key, agentColumns[key]])),
    })
    .from(agents)
    .where(sql`${agents.id} = any(${sql.param(ids)}::text[])`);
  const records = current.map((row) => ({
    id: row.id,
    search_text: searchTextOf(row as Partial<Record<AgentColumn, unknown>>),
  }));
  await db.execute(sql`update "agents" set "search_text" = r."search_text"
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r("id" text, "search_text" text)
    where "agents"."id" = r."id"`);
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

type GroupFields = { displayName?: unknown; description?: unknown; mailNickname?: unknown };
const groupFields = [
  ["displayName", "display_name"],
  ["description", "description"],
  ["mailNickname", "mail_nickname"],
] as const;

/** Upserts a page of groups; a property Graph left out is unchanged, one it sent as null is cleared. */
export async function upsertGroups(
  db: DbOrTx,
  groups: ({ id: string } & GroupFields)[],
  syncedAt: Date,
) {
  const bySignature = new Map<string, Record<string, unknown>[]>();
  for (const group of groups) {
    const record: Record<string, unknown> = { id: group.id };
    for (const [key, column] of groupFields) {
      if (key in group) record[column] = typeof group[key] === "string" ? group[key] : null;
    }
    const signature = Object.keys(record).join(",");
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), record]);
  }
  for (const [signature, records] of bySignature) {
    const columns = signature.split(",").filter((column) => column !== "id");
    const names = columns.map((column) => `"${column}"`);
    await db.execute(sql`insert into "directory_groups" ("id", ${sql.raw([...names, '"synced_at"'].join(", "))})
      select "id", ${sql.raw(names.map((name) => `${name}, `).join(""))}${syncedAt.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r("id" text${sql.raw(names.map((name) => `, ${name} text`).join(""))})
      on conflict ("id") do update set ${sql.raw([...names, '"synced_at"'].map((name) => `${name} = excluded.${name}`).join(", "))}`);
  }
}

export type Membership = { groupId: string; agentId: string };

const pairArrays = (pairs: Membership[]) => [
  sql.param(pairs.map((pair) => pair.groupId)),
  sql.param(pairs.map((pair) => pair.agentId)),
];

/** Adds memberships; in a full round (`fullRound` set) also stamps those that already exist. */
export async function addGroupMembers(db: DbOrTx, pairs: Membership[], fullRound: string | null) {
  if (pairs.length === 0) return;
  const [groupIds, agentIds] = pairArrays(pairs);
  const onConflict = fullRound
    ? sql`on conflict ("group_id", "agent_id") do update set "full_round" = excluded."full_round"`
    : sql`on conflict do nothing`;
  await db.execute(sql`insert into "directory_group_members" ("group_id", "agent_id", "full_round")
    select g, a, ${fullRound} from unnest(${groupIds}::text[], ${agentIds}::text[]) as r(g, a)
    ${onConflict}`);
}

export async function removeGroupMembers(db: DbOrTx, pairs: Membership[]) {
  if (pairs.length === 0) return;
  const [groupIds, agentIds] = pairArrays(pairs);
  await db.execute(sql`delete from "directory_group_members" m
    using unnest(${groupIds}::text[], ${agentIds}::text[]) as r("group_id", "agent_id")
    where m."group_id" = r."group_id" and m."agent_id" = r."agent_id"`);
}

export async function deleteGroups(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return;
  await db
    .delete(directoryGroups)
    .where(sql`${directoryGroups.id} = any(${sql.param(ids)}::text[])`);
}

/**
 * After a full groups round: groups the snapshot did not contain are gone, and so are the
 * memberships it did not stamp (marked in the database, so memory stays flat with the tenant).
 */
export async function sweepGroups(db: DbOrTx, seenGroups: string[], fullRound: string) {
  await db
    .delete(directoryGroups)
    .where(sql`not (${directoryGroups.id} = any(${sql.param(seenGroups)}::text[]))`);
  await db
    .delete(directoryGroupMembers)
    .where(sql`${directoryGroupMembers.fullRound} is distinct from ${fullRound}`);
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

/** Every active agent, or those first written since a time (the run's start) and not checked yet. */
export type PhotoCheckScope = "all" | { firstSyncedSince: Date };

/** Active agents in `scope`, by id after `after`. */
export async function agentsNeedingPhotoCheck(
  db: DbOrTx,
  scope: PhotoCheckScope,
  after: string | null,
  limit: number,
): Promise<{ id: string; photoEtag: string | null }[]> {
  return db
    .select({ id: agents.id, photoEtag: agents.photoEtag })
    .from(agents)
    .where(
      and(
        isNull(agents.softDeletedAt),
        scope === "all"
          ? undefined
          : and(isNull(agents.photoCheckedAt), gte(agents.firstSyncedAt, scope.firstSyncedSince)),
        after === null ? undefined : gt(agents.id, after),
      ),
    )
    .orderBy(asc(agents.id))
    .limit(limit);
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
