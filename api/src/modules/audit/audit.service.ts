import type { ServiceContext } from "../context";
import { insertAuditRow } from "./audit.repo";

export interface AuditEntry {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records a change. Call it with the transaction that makes the change (`ctx.db` = tx), so the
 * audit row and the change commit or roll back together.
 */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await insertAuditRow(ctx.db, {
    id: ctx.ids.uuid(),
    actorId: ctx.actor?.id ?? null,
    actorName: ctx.actor?.name ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: ctx.requestId,
    at: ctx.clock.now(),
  });
}
