import type { Clock } from "../core/clock";
import type { IdGenerator } from "../core/ids";
import type { Logger } from "../core/logger";
import type { DbOrTx } from "../db/client";

export type AppRole = "Relais.Admin" | "Relais.Editor" | "Relais.Approver";
export const appRoles: readonly AppRole[] = ["Relais.Admin", "Relais.Editor", "Relais.Approver"];

/** Who is acting: a signed-in agent (from a validated token) or the system (jobs, CLI). */
export interface Actor {
  id: string;
  tenantId: string;
  name: string | null;
  roles: AppRole[];
}

/** What every use case receives: resolved once per request, job or command, never global. */
export interface ServiceContext {
  db: DbOrTx;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  actor: Actor | null;
  requestId: string | null;
}

/** The context of work no one signed in for (scheduled jobs, start-up, the CLI). */
export function systemContext(
  deps: Pick<ServiceContext, "db" | "clock" | "ids" | "logger">,
  requestId: string | null = null,
): ServiceContext {
  return {
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    actor: null,
    requestId,
  };
}
