import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { DatabaseConfig } from "../config";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Either driver: PGlite (embedded) and postgres.js (real Postgres) share this surface. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: repositories accept both. */
export type DbOrTx = Database | Transaction;

export interface DatabaseHandle {
  kind: DatabaseConfig["kind"] | "pglite-memory";
  db: Database;
  close(): Promise<void>;
}

export async function openDatabase(
  config: DatabaseConfig | { kind: "pglite-memory" },
): Promise<DatabaseHandle> {
  if (config.kind === "postgres") {
    const sql = postgres(config.url, { max: 10, onnotice: () => {} });
    return {
      kind: "postgres",
      db: drizzlePostgres(sql, { schema }) as unknown as Database,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  let client: PGlite;
  if (config.kind === "pglite") {
    mkdirSync(config.dataDir, { recursive: true });
    client = await PGlite.create(config.dataDir);
  } else {
    client = await PGlite.create();
  }
  return {
    kind: config.kind,
    db: drizzlePglite(client, { schema }) as unknown as Database,
    close: () => client.close(),
  };
}
