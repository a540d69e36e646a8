import PgBoss from "pg-boss";
import type { Logger } from "../core/logger";
import type { DatabaseHandle } from "../db/client";

/**
 * pg-boss on the application's own database (PGlite or Postgres, through the same driver), so
 * that across API replicas a job runs exactly once and a singleton queue never runs twice at once.
 */
export function createQueue(handle: DatabaseHandle, logger: Logger): PgBoss {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => handle.executeSql(text, values) },
    schema: "pgboss",
  } as PgBoss.ConstructorOptions);
  boss.on("error", (err) => logger.error({ err }, "job queue error"));
  return boss;
}
