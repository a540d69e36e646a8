import { and, asc, count, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { foldingTable } from "../../core/search-folding";
import type { DbOrTx } from "../../db/client";
import { agentOverrides, agents, directoryGroupMembers, directoryGroups } from "../../db/schema";
import type { EntraAgent, OverrideValues } from "./effective-profile";

export type AgentWithOverride = {
  agent: typeof agents.$inferSelect;
  override: typeof agentOverrides.$inferSelect | null;
};

export interface AgentFilter {
  department?: string;
  office?: string;
  active?: boolean;
  /** Already folded with `foldForSearch`. */
  search?: string;
}

const isActive = sql`(${agents.accountEnabled} and ${agents.softDeletedAt} is null)`;
const effectiveDepartment = sql<string>`coalesce(${agentOverrides.department}, ${agents.department})`;
const effectiveName = sql`coalesce(${agentOverrides.displayName}, ${agents.displayName}, '')`;

// The same folding as `agents.search_text` (foldForSearch), in SQL for the override values.
const fold = (text: SQL) =>
  sql`lower(translate(${text}, ${foldingTable.from}, ${foldingTable.to}))`;
const foldedOverride = fold(
  sql`concat_ws(' ', ${agentOverrides.displayName}, ${agentOverrides.jobTitle}, ${agentOverrides.department})`,
);
// Folded keys compared byte-wise sort the same way on PGlite and on Postgres, whatever the locale.
const sortKeys = [
  sql`${fold(sql`coalesce(${agents.surname}, ${effectiveName})`)} collate "C"`,
  sql`${fold(effectiveName)} collate "C"`,
  asc(agents.id),
];

const escapeLike = (value: string) => value.replace(/[\\%_]/g, "\\$&");

function whereOf(filter: AgentFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.department !== undefined) {
    conditions.push(sql`${effectiveDepartment} = ${filter.department}`);
  }
  if (filter.office !== undefined) conditions.push(eq(agents.officeLocation, filter.office));
  if (filter.active === true) conditions.push(isActive);
  if (filter.active === false) conditions.push(sql`not ${isActive}`);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    conditions.push(
      sql`(${agents.searchText} like ${pattern} escape '\\' or ${foldedOverride} like ${pattern} escape '\\')`,
    );
  }
  return and(...conditions);
}

const withOverride = (db: DbOrTx) =>
  db
    .select({ agent: agents, override: agentOverrides })
    .from(agents)
    .leftJoin(agentOverrides, eq(agentOverrides.agentId, agents.id));

export async function listAgents(
  db: DbOrTx,
  filter: AgentFilter,
  paging: { limit: number; offset: number },
): Promise<{ rows: AgentWithOverride[]; total: number }> {
  const where = whereOf(filter);
  const rows = await withOverride(db)
    .where(where)
    .orderBy(...sortKeys)
    .limit(paging.limit)
    .offset(paging.offset);
  const [counted] = await db
    .select({ total: count() })
    .from(agents)
    .leftJoin(agentOverrides, eq(agentOverrides.agentId, agents.id))
    .where(where);
  return { rows, total: counted?.total ?? 0 };
}

export async function findAgents(db: DbOrTx, ids: string[]): Promise<AgentWithOverride[]> {
  if (ids.length === 0) return [];
  return withOverride(db).where(inArray(agents.id, ids));
}

export async function findAgent(db: DbOrTx, id: string): Promise<AgentWithOverride | undefined> {
  const [row] = await findAgents(db, [id]);
  return row;
}

export async function listGroupsOf(
  db: DbOrTx,
  agentId: string,
): Promise<{ id: string; displayName: string | null }[]> {
  return db
    .select({ id: directoryGroups.id, displayName: directoryGroups.displayName })
    .from(directoryGroupMembers)
    .innerJoin(directoryGroups, eq(directoryGroups.id, directoryGroupMembers.groupId))
    .where(eq(directoryGroupMembers.agentId, agentId));
}

/** Active agents per effective department and per office (unsorted: sorted for French in JS). */
export async function countActiveAgents(db: DbOrTx): Promise<{
  departments: { name: string; agents: number }[];
  offices: { name: string; agents: number }[];
}> {
  const departments = await db
    .select({ name: effectiveDepartment, agents: count() })
    .from(agents)
    .leftJoin(agentOverrides, eq(agentOverrides.agentId, agents.id))
    .where(and(isActive, sql`${effectiveDepartment} <> ''`))
    .groupBy(effectiveDepartment);
  const offices = await db
    .select({ name: agents.officeLocation, agents: count() })
    .from(agents)
    .where(and(isActive, isNotNull(agents.officeLocation), sql`${agents.officeLocation} <> ''`))
    .groupBy(agents.officeLocation);
  return {
    departments,
    offices: offices.flatMap((row) => (row.name === null ? [] : [{ ...row, name: row.name }])),
  };
}

/** Agents with their override (all, or the given ids), for bulk use such as signature rendering. */
/**
 * The directory entry that owns a mailbox address (mail or sign-in name, any case): a person or
 * a shared mailbox (a disabled user account in Entra). Soft-deleted entries own nothing.
 */
export async function findAgentIdByAddress(db: DbOrTx, address: string): Promise<string | null> {
  const folded = address.trim().toLowerCase();
  const [row] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(
      and(
        sql`${agents.softDeletedAt} is null`,
        sql`(lower(${agents.mail}) = ${folded} or lower(${agents.userPrincipalName}) = ${folded})`,
      ),
    )
    .orderBy(asc(agents.id))
    .limit(1);
  return row?.id ?? null;
}

/** What signing an agent needs of its row: no sync bookkeeping, no search text. */
const bulkColumns = {
  agent: {
    id: agents.id,
    displayName: agents.displayName,
    givenName: agents.givenName,
    surname: agents.surname,
    mail: agents.mail,
    userPrincipalName: agents.userPrincipalName,
    jobTitle: agents.jobTitle,
    department: agents.department,
    companyName: agents.companyName,
    officeLocation: agents.officeLocation,
    streetAddress: agents.streetAddress,
    postalCode: agents.postalCode,
    city: agents.city,
    businessPhones: agents.businessPhones,
    mobilePhone: agents.mobilePhone,
    preferredLanguage: agents.preferredLanguage,
    photoHash: agents.photoHash,
    managerId: agents.managerId,
    accountEnabled: agents.accountEnabled,
    softDeleted: sql<boolean>`${agents.softDeletedAt} is not null`,
  },
  override: {
    displayName: agentOverrides.displayName,
    jobTitle: agentOverrides.jobTitle,
    department: agentOverrides.department,
    mobilePhone: agentOverrides.mobilePhone,
    hideMobilePhone: agentOverrides.hideMobilePhone,
    hideBusinessPhones: agentOverrides.hideBusinessPhones,
    pronouns: agentOverrides.pronouns,
    extraLine: agentOverrides.extraLine,
    photoMode: agentOverrides.photoMode,
    customPhotoHash: agentOverrides.customPhotoHash,
  },
};

export type BulkAgentRow = {
  agent: EntraAgent & { managerId: string | null; accountEnabled: boolean; softDeleted: boolean };
  override: OverrideValues | null;
};

/** Agents to sign (all, or the given ids) with their overrides, in as few bytes as possible. */
export async function findAgentsForBulk(
  db: DbOrTx,
  ids: readonly string[] | "all",
): Promise<BulkAgentRow[]> {
  if (ids !== "all" && ids.length === 0) return [];
  const query = db
    .select(bulkColumns)
    .from(agents)
    .leftJoin(agentOverrides, eq(agentOverrides.agentId, agents.id));
  const rows =
    ids === "all"
      ? await query
      : await query.where(sql`${agents.id} = any(${sql.param([...ids])}::text[])`);
  // A left join gives an object of nulls, not null, when there is no override row.
  return rows.map((row) => ({
    agent: row.agent,
    override: row.override?.photoMode ? (row.override as OverrideValues) : null,
  }));
}

/** Group ids per agent (all, or the given ids). */
export async function groupIdsByAgent(
  db: DbOrTx,
  ids: readonly string[] | "all",
): Promise<Map<string, string[]>> {
  const query = db
    .select({ agentId: directoryGroupMembers.agentId, groupId: directoryGroupMembers.groupId })
    .from(directoryGroupMembers);
  const rows =
    ids === "all"
      ? await query
      : await query.where(
          sql`${directoryGroupMembers.agentId} = any(${sql.param([...ids])}::text[])`,
        );
  const byAgent = new Map<string, string[]>();
  for (const row of rows) {
    const list = byAgent.get(row.agentId);
    if (list) list.push(row.groupId);
    else byAgent.set(row.agentId, [row.groupId]);
  }
  return byAgent;
}
