import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../../api/src/db/client";
import { applyMigrations } from "../../api/src/db/migrate";

export type DbKind = "pglite" | "postgres";
/** Every API suite runs on both: the embedded default and a real PostgreSQL server. */
export const dbKinds: DbKind[] = ["pglite", "postgres"];

const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * A fresh database with every committed migration applied: in-memory PGlite, or a throwaway
 * database on the local PostgreSQL server, dropped by `close()`.
 */
export async function createTestDatabase(
  kind: DbKind,
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle & { url?: string }> {
  let handle: DatabaseHandle & { url?: string };
  if (kind === "pglite") {
    handle = await openDatabase({ kind: "pglite-memory" });
  } else {
    const name = `relais_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const inner = await openDatabase({ kind: "postgres", url: url.toString() });
    handle = {
      ...inner,
      url: url.toString(),
      close: async () => {
        await inner.close();
        const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  if (options.migrate !== false) await applyMigrations(handle);
  return handle;
}
