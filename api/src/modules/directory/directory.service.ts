import { notFound } from "../../core/errors";
import { foldForSearch } from "../../core/search-folding";
import type { ServiceContext } from "../context";
import {
  type AgentWithOverride,
  countActiveAgents,
  findAgent,
  findAgents,
  listAgents,
  listGroupsOf,
} from "./directory.repo";
import type {
  AgentDetail,
  Departments,
  DirectoryEntry,
  DirectoryPage,
  ListUsersQuery,
} from "./directory.schemas";
import { effectiveProfile } from "./effective-profile";
import { toOverrideView } from "./override-values";
import { canSeeHiddenPhones } from "./visibility";

function compareFrench(a: string, b: string): number {
  return a.localeCompare(b, "fr", { sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}
const byFrenchName = (a: { name: string }, b: { name: string }) => compareFrench(a.name, b.name);

function toEntry({ agent, override }: AgentWithOverride): DirectoryEntry {
  return {
    ...effectiveProfile(agent, override),
    active: agent.accountEnabled && agent.softDeletedAt === null,
    softDeleted: agent.softDeletedAt !== null,
    managerId: agent.managerId,
    hasOverride: override !== null,
  };
}

export async function listDirectory(
  ctx: ServiceContext,
  query: ListUsersQuery,
): Promise<DirectoryPage> {
  const search = query.q === undefined ? "" : foldForSearch(query.q);
  const { rows, total } = await listAgents(
    ctx.db,
    {
      department: query.department,
      office: query.office,
      active: query.active,
      search: search || undefined,
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: rows.map(toEntry), page: query.page, pageSize: query.pageSize, total };
}

/** Directory entries (effective profiles) by agent id; unknown ids are absent from the map. */
export async function loadEffectiveProfiles(
  ctx: Pick<ServiceContext, "db">,
  ids: readonly string[],
): Promise<Map<string, DirectoryEntry>> {
  const rows = await findAgents(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.agent.id, toEntry(row)]));
}

export async function getAgentDetail(ctx: ServiceContext, id: string): Promise<AgentDetail> {
  const found = await findAgent(ctx.db, id);
  if (!found) throw notFound("Agent", { agentId: id });
  const { agent, override } = found;
  const entry = toEntry(found);
  const manager = agent.managerId ? await findAgent(ctx.db, agent.managerId) : undefined;
  const groups = await listGroupsOf(ctx.db, id);
  const { pronouns: _pronouns, extraLine: _extraLine, ...entra } = effectiveProfile(agent, null);
  const detail: AgentDetail = {
    id,
    entra: { ...entra, accountEnabled: agent.accountEnabled },
    override: override ? toOverrideView(id, override) : null,
    effective: effectiveProfile(agent, override),
    active: entry.active,
    softDeleted: entry.softDeleted,
    manager: agent.managerId
      ? {
          id: agent.managerId,
          displayName: manager
            ? effectiveProfile(manager.agent, manager.override).displayName
            : null,
        }
      : null,
    groups: groups.sort((a, b) => compareFrench(a.displayName ?? "", b.displayName ?? "")),
    syncedAt: agent.syncedAt.toISOString(),
  };
  return canSeeHiddenPhones(ctx.actor, id) ? detail : withoutHiddenPhones(detail);
}

function withoutHiddenPhones(detail: AgentDetail): AgentDetail {
  const { override } = detail;
  if (!override) return detail;
  return {
    ...detail,
    entra: {
      ...detail.entra,
      mobilePhone: override.hideMobilePhone ? null : detail.entra.mobilePhone,
      businessPhones: override.hideBusinessPhones ? [] : detail.entra.businessPhones,
    },
    override: { ...override, mobilePhone: override.hideMobilePhone ? null : override.mobilePhone },
  };
}

export async function listDepartments(ctx: ServiceContext): Promise<Departments> {
  const counts = await countActiveAgents(ctx.db);
  return {
    departments: counts.departments.sort(byFrenchName),
    offices: counts.offices.sort(byFrenchName),
  };
}

/** The signed-in agent's effective name, service and title, for `/api/me`. */
export function directoryProfiles(db: ServiceContext["db"]) {
  return async (agentId: string) => {
    const entry = (await loadEffectiveProfiles({ db }, [agentId])).get(agentId);
    return entry
      ? { displayName: entry.displayName, department: entry.department, jobTitle: entry.jobTitle }
      : null;
  };
}
