import { and, asc, count, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { foldingTable } from "../../core/search-folding";
import type { DbOrTx } from "../../db/client";
import { rowsOf } from "../../db/migrate";
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

export type BulkAgentRow = {
  agent: EntraAgent & { managerId: string | null; accountEnabled: boolean; softDeleted: boolean };
  override: OverrideValues | null;
};

/** A row of the bulk query, as the driver returns it (snake case, `o_` for the override). */
interface RawBulkRow {
  id: string;
  display_name: string | null;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  user_principal_name: string | null;
  job_title: string | null;
  department: string | null;
  company_name: string | null;
  office_location: string | null;
  street_address: string | null;
  postal_code: string | null;
  city: string | null;
  business_phones: string[] | string;
  mobile_phone: string | null;
  preferred_language: string | null;
  photo_hash: string | null;
  manager_id: string | null;
  account_enabled: boolean;
  soft_deleted: boolean;
  o_photo_mode: OverrideValues["photoMode"] | null;
  o_display_name: string | null;
  o_job_title: string | null;
  o_department: string | null;
  o_mobile_phone: string | null;
  o_hide_mobile_phone: boolean;
  o_hide_business_phones: boolean;
  o_pronouns: string | null;
  o_extra_line: string | null;
  o_custom_photo_hash: string | null;
}

/**
 * Agents to sign (all, or the given ids) with their overrides: the 30 columns signing needs, read
 * without the query builder's per-value mapping (a bulk render reads 50,000 rows at once).
 */
export async function findAgentsForBulk(
  db: DbOrTx,
  ids: readonly string[] | "all",
): Promise<BulkAgentRow[]> {
  if (ids !== "all" && ids.length === 0) return [];
  const where = ids === "all" ? sql`` : sql`where a.id = any(${sql.param([...ids])}::text[])`;
  const result = await db.execute(sql`
    select a.id, a.display_name, a.given_name, a.surname, a.mail, a.user_principal_name,
      a.job_title, a.department, a.company_name, a.office_location, a.street_address,
      a.postal_code, a.city, a.business_phones, a.mobile_phone, a.preferred_language,
      a.photo_hash, a.manager_id, a.account_enabled, a.soft_deleted_at is not null as soft_deleted,
      o.photo_mode as o_photo_mode, o.display_name as o_display_name, o.job_title as o_job_title,
      o.department as o_department, o.mobile_phone as o_mobile_phone,
      o.hide_mobile_phone as o_hide_mobile_phone,
      o.hide_business_phones as o_hide_business_phones, o.pronouns as o_pronouns,
      o.extra_line as o_extra_line, o.custom_photo_hash as o_custom_photo_hash
    from agents a left join agent_overrides o on o.agent_id = a.id
    ${where}`);
  return rowsOf<RawBulkRow>(result).map((row) => ({
    agent: {
      id: row.id,
      displayName: row.display_name,
      givenName: row.given_name,
      surname: row.surname,
      mail: row.mail,
      userPrincipalName: row.user_principal_name,
      jobTitle: row.job_title,
      department: row.department,
      companyName: row.company_name,
      officeLocation: row.office_location,
      streetAddress: row.street_address,
      postalCode: row.postal_code,
      city: row.city,
      businessPhones:
        typeof row.business_phones === "string"
          ? (JSON.parse(row.business_phones) as string[])
          : row.business_phones,
      mobilePhone: row.mobile_phone,
      preferredLanguage: row.preferred_language,
      photoHash: row.photo_hash,
      managerId: row.manager_id,
      accountEnabled: row.account_enabled,
      softDeleted: row.soft_deleted,
    },
    // photo_mode is never null in an override row: null means the agent has none.
    override:
      row.o_photo_mode === null
        ? null
        : {
            photoMode: row.o_photo_mode,
            displayName: row.o_display_name,
            jobTitle: row.o_job_title,
            department: row.o_department,
            mobilePhone: row.o_mobile_phone,
            hideMobilePhone: row.o_hide_mobile_phone,
            hideBusinessPhones: row.o_hide_business_phones,
            pronouns: row.o_pronouns,
            extraLine: row.o_extra_line,
            customPhotoHash: row.o_custom_photo_hash,
          },
  }));
}

/** Group ids per agent (all, or the given ids), one row per agent. */
export async function groupIdsByAgent(
  db: DbOrTx,
  ids: readonly string[] | "all",
): Promise<Map<string, string[]>> {
  const where = ids === "all" ? sql`` : sql`where agent_id = any(${sql.param([...ids])}::text[])`;
  const result = await db.execute(sql`
    select agent_id, array_agg(group_id) as group_ids
    from directory_group_members ${where} group by agent_id`);
  const byAgent = new Map<string, string[]>();
  for (const row of rowsOf<{ agent_id: string; group_ids: string[] }>(result)) {
    byAgent.set(row.agent_id, row.group_ids);
  }
  return byAgent;
}
