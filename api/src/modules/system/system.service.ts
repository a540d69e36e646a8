import type { Logger } from "../../core/logger";
import type { Database } from "../../db/client";
import { migrationStatus } from "../../db/migrate";

export interface Readiness {
  ready: boolean;
  database: "up" | "down";
  migrations: { expected: number; applied: number; pending: number };
}

/** Ready = the database answers and every committed migration has been applied. */
export async function checkReadiness(db: Database, logger: Logger): Promise<Readiness> {
  try {
    const migrations = await migrationStatus(db);
    return { ready: migrations.pending === 0, database: "up", migrations };
  } catch (err) {
    logger.warn({ err }, "readiness check failed");
    return { ready: false, database: "down", migrations: { expected: 0, applied: 0, pending: 0 } };
  }
}
