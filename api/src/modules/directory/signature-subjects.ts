import type { ServiceContext } from "../context";
import { findAgentIdByAddress, findAgentsForBulk, groupIdsByAgent } from "./directory.repo";
import { type EffectiveProfile, effectiveProfile } from "./effective-profile";

/** What other modules need to know about an agent to sign and target them. */
export interface AgentSubject {
  profile: EffectiveProfile;
  active: boolean;
  groupIds: string[];
  manager: { displayName: string | null; jobTitle: string | null } | null;
}

/**
 * Effective profiles with groups and manager, for the given agents or all of them, in three
 * queries whatever their number (bulk signature rendering reads 50,000 at once).
 */
export async function loadAgentSubjects(
  ctx: Pick<ServiceContext, "db">,
  ids: readonly string[] | "all",
): Promise<Map<string, AgentSubject>> {
  const rows = await findAgentsForBulk(ctx.db, ids);
  const groups = await groupIdsByAgent(ctx.db, ids);
  const profiles = new Map(rows.map((row) => [row.agent.id, row]));
  const missingManagers = [
    ...new Set(rows.map((row) => row.agent.managerId).filter((id): id is string => !!id)),
  ].filter((id) => !profiles.has(id));
  for (const row of await findAgentsForBulk(ctx.db, missingManagers))
    profiles.set(row.agent.id, row);
  const subjects = new Map<string, AgentSubject>();
  for (const row of rows) {
    const managerRow = row.agent.managerId ? profiles.get(row.agent.managerId) : undefined;
    const manager = managerRow ? effectiveProfile(managerRow.agent, managerRow.override) : null;
    subjects.set(row.agent.id, {
      profile: effectiveProfile(row.agent, row.override),
      active: row.agent.accountEnabled && !row.agent.softDeleted,
      groupIds: groups.get(row.agent.id) ?? [],
      manager: manager && { displayName: manager.displayName, jobTitle: manager.jobTitle },
    });
  }
  return subjects;
}

/** Who a mailbox address belongs to in the directory (person or shared mailbox), if anyone. */
export function mailboxOwner(
  ctx: Pick<ServiceContext, "db">,
  address: string,
): Promise<string | null> {
  return findAgentIdByAddress(ctx.db, address);
}
