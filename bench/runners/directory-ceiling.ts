/**
 * Child process of the directory suite: the ceiling of a full sync. The same users/delta pages
 * (same `$select`, same page size) fetched from the same sandbox over HTTPS with undici, and each
 * page upserted with the bare `postgres` driver (one `insert … on conflict (id) do update` per
 * page, no transaction, no diffing, no `returning`) into the same `agents` table of a fresh
 * database. No MSAL, no Graph client, no Drizzle, no sync logic: the floor of what a sync costs.
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { Agent, fetch } from "undici";
import { serveWorker } from "../lib/child";
import type {
  CeilingWorkerInit,
  CeilingWorkerRequest,
  CeilingWorkerResult,
} from "./directory-protocol";

type Item = Record<string, unknown>;
type Row = Record<string, postgres.ParameterOrJSON<never>>;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

serveWorker<CeilingWorkerInit, CeilingWorkerRequest, CeilingWorkerResult>(async (init) => {
  const agent = new Agent({
    connect: { ca: [readFileSync(init.caFile, "utf8")] },
    keepAliveTimeout: 10_000,
  });
  const sql = postgres(init.databaseUrl, { max: 1, onnotice: () => {} });
  const table = init.withoutSearchText ? "agents_without_search_text" : "agents";
  if (init.withoutSearchText) {
    await sql
      .unsafe(
        `create table ${table} (like agents including defaults including indexes); alter table ${table} drop column search_text`,
      )
      .simple();
  }
  const properties = init.select.filter((name) => name !== "manager");
  const columns = ["id", ...properties.map(snake), "manager_id", "soft_deleted_at", "synced_at"];
  const updates = columns
    .filter((column) => column !== "id")
    .map((column) => `${column} = excluded.${column}`)
    .join(", ");

  const toRow = (item: Item, now: Date): Row => {
    const row: Row = { id: String(item.id) };
    for (const property of properties) {
      const value = item[property];
      if (property === "businessPhones") row.business_phones = sql.json((value ?? []) as string[]);
      else if (property === "accountEnabled") row.account_enabled = value !== false;
      else row[snake(property)] = typeof value === "string" ? value : null;
    }
    const manager = item["manager@delta"] as { id: string }[] | undefined;
    row.manager_id = manager?.[0]?.id ?? null;
    row.soft_deleted_at = null;
    row.synced_at = now;
    return row;
  };

  return {
    ready: { pid: process.pid },
    async handle(): Promise<CeilingWorkerResult> {
      let url: string | null = `${init.origin}/v1.0/users/delta?$select=${init.select.join(",")}`;
      let fetchMs = 0;
      let upsertMs = 0;
      let pages = 0;
      let agents = 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      while (url) {
        const t0 = performance.now();
        const response = await fetch(url, {
          dispatcher: agent,
          headers: { authorization: `Bearer ${init.token}`, accept: "application/json" },
        });
        if (!response.ok) throw new Error(`users/delta answered ${response.status}`);
        const body = (await response.json()) as {
          value: Item[];
          "@odata.nextLink"?: string;
        };
        const t1 = performance.now();
        fetchMs += t1 - t0;
        const now = new Date();
        const rows = body.value.map((item) => toRow(item, now));
        if (rows.length > 0) {
          await sql`insert into ${sql(table)} ${sql(rows, columns)} on conflict (id) do update set ${sql.unsafe(updates)}`;
        }
        upsertMs += performance.now() - t1;
        pages += 1;
        agents += rows.length;
        url = body["@odata.nextLink"] ?? null;
      }
      const cpu = process.cpuUsage(cpuBefore);
      return {
        totalMs: performance.now() - started,
        cpuMs: (cpu.user + cpu.system) / 1000,
        fetchMs,
        upsertMs,
        pages,
        agents,
      };
    },
    async close() {
      await sql.end({ timeout: 5 });
      await agent.close();
    },
  };
});
