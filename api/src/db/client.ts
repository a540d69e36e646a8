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
  /** Raw SQL on the same connection pool (the job queue's driver); several statements allowed without values. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
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
      executeSql: async (text, values = []) => {
        if (values.length > 0) {
          // node-postgres (which pg-boss is written for) sends plain objects as JSON text.
          const params = values.map((value) =>
            value !== null &&
            typeof value === "object" &&
            !(value instanceof Date) &&
            !Array.isArray(value) &&
            !(value instanceof Uint8Array)
              ? JSON.stringify(value)
              : value,
          );
          return { rows: [...(await sql.unsafe(text, params as never[]))] };
        }
        // Several statements (pg-boss wraps some in BEGIN … COMMIT) need a connection of their own.
        const connection = await sql.reserve();
        let result: unknown[];
        try {
          result = [...(await connection.unsafe(text).simple())];
        } finally {
          connection.release();
        }
        // Several statements answer one result array each: the last one is the answer.
        const last = result.length > 0 && Array.isArray(result[0]) ? result.at(-1) : result;
        return { rows: [...((last as unknown[] | undefined) ?? [])] };
      },
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
    executeSql: async (text, values = []) => {
      if (values.length > 0) return { rows: (await client.query(text, values)).rows };
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    close: () => client.close(),
  };
}
