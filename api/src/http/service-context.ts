import type { Principal } from "../auth";
import type { Clock } from "../core/clock";
import type { IdGenerator } from "../core/ids";
import type { Logger } from "../core/logger";
import type { Database } from "../db/client";
import type { ServiceContext } from "../modules/context";

export interface ServiceDeps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
}

/** The use cases' context for one authenticated request. */
export function serviceContext(
  deps: ServiceDeps,
  c: { var: { principal: Principal; requestId?: string } },
): ServiceContext {
  const { id, tenantId, name, roles } = c.var.principal;
  return {
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    actor: { id, tenantId, name, roles },
    requestId: c.var.requestId ?? null,
  };
}
