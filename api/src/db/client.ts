import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
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

export type ExclusiveResult<T> = { acquired: true; value: T } | { acquired: false };
export type ExclusiveRunner = <T>(
  name: string,
  fn: () => Promise<T>,
) => Promise<ExclusiveResult<T>>;

/** A stable 64-bit advisory lock key for a name. */
const lockKey = (name: string) =>
  createHash("sha256").update(`relais:${name}`).digest().readBigInt64BE(0).toString();

/** PGlite has one connection shared by the whole process: a lock per name in memory suffices. */
function inProcessExclusive(): ExclusiveRunner {
  const held = new Set<string>();
  return async (name, fn) => {
    if (held.has(name)) return { acquired: false };
    held.add(name);
    try {
      return { acquired: true, value: await fn() };
    } finally {
      held.delete(name);
    }
  };
}

export interface DatabaseHandle {
  kind: DatabaseConfig["kind"] | "pglite-memory";
  db: Database;
  /**
   * Runs `fn` only if no other holder (this process or another replica) has the named lock:
   * a Postgres session advisory lock, released by Postgres itself if the process dies.
   */
  exclusive: ExclusiveRunner;
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
      exclusive: async (name, fn) => {
        const connection = await sql.reserve();
        try {
          const key = lockKey(name);
          const [row] = await connection`select pg_try_advisory_lock(${key}::bigint) as locked`;
          if (!row?.locked) return { acquired: false };
          try {
            return { acquired: true, value: await fn() };
          } finally {
            await connection`select pg_advisory_unlock(${key}::bigint)`;
          }
        } finally {
          connection.release();
        }
      },
      executeSql: async (text, values = []) => {
        if (values.length > 0) {
          // As node-postgres (which pg-boss is written for) does: undefined is null, and plain
          // objects are sent as JSON text.
          const params = values.map((value) =>
            value === undefined
              ? null
              : value !== null &&
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
  // Loaded on demand: the embedded engine weighs ~50 MB of memory a Postgres deployment never needs.
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
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
    exclusive: inProcessExclusive(),
    executeSql: async (text, values = []) => {
      if (values.length > 0) return { rows: (await client.query(text, values)).rows };
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    close: () => client.close(),
  };
}
