import type { SandboxAgent } from "../../api/sandbox";
import { knownRoles, type RelaisRole } from "../../auth/roles";

/**
 * Lower case, without accents or ligatures, punctuation as spaces: "Hélène" → "helene",
 * "Jean-Éric" → "jean eric", "Cœur" → "coeur".
 */
export function normalizeForSearch(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export interface IndexedAgent {
  agent: SandboxAgent;
  roles: RelaisRole[];
  /** Normalised name, service, job title, e-mail and role labels, space-separated. */
  searchText: string;
}

/** Prepares agents for searching, sorted by name as a French reader expects. */
export function indexAgents(
  agents: readonly SandboxAgent[],
  roleLabels: (role: RelaisRole) => readonly string[],
): IndexedAgent[] {
  const collator = new Intl.Collator("fr", { sensitivity: "base" });
  return agents
    .map((agent) => {
      const roles = knownRoles(agent.roles);
      const fields = [
        agent.displayName,
        agent.department ?? "",
        agent.jobTitle ?? "",
        agent.userPrincipalName,
        ...roles.flatMap(roleLabels),
      ];
      return { agent, roles, searchText: ` ${normalizeForSearch(fields.join(" "))}` };
    })
    .sort((a, b) => collator.compare(a.agent.displayName, b.agent.displayName));
}

export type RoleFilter = RelaisRole | "all";

/** Every word of the query must start a word of the agent's text ("hel wam" finds Hélène Wamytan). */
export function matchesQuery(indexed: IndexedAgent, query: string): boolean {
  const words = normalizeForSearch(query).split(" ").filter(Boolean);
  return words.every((word) => indexed.searchText.includes(` ${word}`));
}

export function matchesRole(indexed: IndexedAgent, role: RoleFilter): boolean {
  return role === "all" || indexed.roles.includes(role);
}
