import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { agentOverrides, agents } from "../../db/schema";

export type OverrideRow = typeof agentOverrides.$inferSelect;

/**
 * Locks the agent's row until the transaction ends, so concurrent override writes on one agent
 * run one after the other (the row to lock exists even before the first override).
 */
export async function lockAgent(db: DbOrTx, agentId: string): Promise<boolean> {
  const rows = await db
    .select({ id: agents.id })
    .from(agents)
    .where(eq(agents.id, agentId))
    .for("update");
  return rows.length > 0;
}

export async function agentExists(db: DbOrTx, agentId: string): Promise<boolean> {
  const rows = await db.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId));
  return rows.length > 0;
}

export async function findOverride(db: DbOrTx, agentId: string): Promise<OverrideRow | null> {
  const [row] = await db.select().from(agentOverrides).where(eq(agentOverrides.agentId, agentId));
  return row ?? null;
}

export async function saveOverride(db: DbOrTx, row: OverrideRow): Promise<void> {
  const { agentId, ...values } = row;
  await db
    .insert(agentOverrides)
    .values(row)
    .onConflictDoUpdate({ target: agentOverrides.agentId, set: values });
}

export async function deleteOverride(db: DbOrTx, agentId: string): Promise<void> {
  await db.delete(agentOverrides).where(eq(agentOverrides.agentId, agentId));
}
