import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { auditLog } from "../../db/schema";

export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAuditRow(db: DbOrTx, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

export async function listAuditRows(
  db: DbOrTx,
  filter: { entity: string; entityId?: string; limit: number },
): Promise<AuditRow[]> {
  const where = filter.entityId
    ? and(eq(auditLog.entity, filter.entity), eq(auditLog.entityId, filter.entityId))
    : eq(auditLog.entity, filter.entity);
  return db.select().from(auditLog).where(where).orderBy(desc(auditLog.at)).limit(filter.limit);
}
