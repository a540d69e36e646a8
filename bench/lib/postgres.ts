/**
 * Throwaway databases on the local PostgreSQL server, as tests/support/db.ts makes them: created
 * with every committed migration applied, dropped (with force) when the benchmark is done.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "../../api/src/db/client";
import { applyMigrations } from "../../api/src/db/migrate";

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** A bare connection for the benchmark's own checks (row versions, counts). */
  sql: postgres.Sql;
  drop(): Promise<void>;
}

export async function serverVersion(adminUrl: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ server_version: string }[]>`show server_version`;
    return row?.server_version ?? "unknown";
  } finally {
    await admin.end();
  }
}

export async function createThrowawayDatabase(
  adminUrl: string,
  label: string,
): Promise<ThrowawayDatabase> {
  const name = `relais_bench_${label}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  try {
    await applyMigrations(handle);
  } finally {
    await handle.close();
  }
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  // Start every measurement from clean buffers: the previous one's dirty pages are flushed now,
  // not while this one runs. (Superuser or pg_checkpoint only; skipped when not allowed.)
  await sql`checkpoint`.catch(() => {});
  return {
    name,
    url: url.toString(),
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
