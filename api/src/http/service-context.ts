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
  c: { get(key: "principal"): Principal | undefined; get(key: "requestId"): string | undefined },
): ServiceContext {
  // `c.get`, not `c.var`: each read of `c.var` copies every variable of the request.
  const principal = c.get("principal");
  if (!principal) throw new Error("serviceContext needs an authenticated request (requireAuth)");
  const { id, tenantId, name, roles } = principal;
  return {
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    actor: { id, tenantId, name, roles },
    requestId: c.get("requestId") ?? null,
  };
}
