import type { Actor } from "../context";

/**
 * Decision: the directory and the overrides are readable by every signed-in agent (the override
 * is what the directory shows anyway, not a secret). Phones an agent asked to hide are the
 * exception: only Editors, Admins and the agent themselves still see the hidden numbers.
 */
export function canSeeHiddenPhones(actor: Actor | null, agentId: string): boolean {
  if (!actor) return true;
  if (actor.id === agentId) return true;
  return actor.roles.includes("Relais.Editor") || actor.roles.includes("Relais.Admin");
}
