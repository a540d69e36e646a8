/**
 * Child process of the directory suite: the ceiling of a full sync. The same users/delta and
 * groups/delta pages (same `$select`, same page sizes) fetched from the same sandbox over HTTPS
 * with undici, and each page written with the bare `postgres` driver (one `insert … on conflict`
 * per page and table, no transaction, no diffing, no `returning`, no search text) into the same
 * tables of a fresh database. No MSAL, no Graph client, no Drizzle, no sync logic: the floor of
 * what a sync costs.
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { Agent, fetch } from "undici";
import { serveWorker } from "../lib/worker";
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

  const timing = { fetchMs: 0, upsertMs: 0, pages: 0 };
  /** Follows a delta round to its end, handing each page's items to `write`. */
  async function round(first: string, write: (items: Item[]) => Promise<void>) {
    let url: string | null = first;
    while (url) {
      const t0 = performance.now();
      const response = await fetch(url, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${init.token}`, accept: "application/json" },
      });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const body = (await response.json()) as { value: Item[]; "@odata.nextLink"?: string };
      const t1 = performance.now();
      timing.fetchMs += t1 - t0;
      if (body.value.length > 0) await write(body.value);
      timing.upsertMs += performance.now() - t1;
      timing.pages += 1;
      url = body["@odata.nextLink"] ?? null;
    }
  }

  return {
    ready: { pid: process.pid },
    async handle(): Promise<CeilingWorkerResult> {
      timing.fetchMs = 0;
      timing.upsertMs = 0;
      timing.pages = 0;
      let agents = 0;
      let memberships = 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await round(
        `${init.origin}/v1.0/users/delta?$select=${init.select.join(",")}`,
        async (items) => {
          const now = new Date();
          const rows = items.map((item) => toRow(item, now));
          await sql`insert into agents ${sql(rows, columns)} on conflict (id) do update set ${sql.unsafe(updates)}`;
          agents += rows.length;
        },
      );
      const usersMs = performance.now() - started;
      const usersPages = timing.pages;
      await round(
        `${init.origin}/v1.0/groups/delta?$select=displayName,description,mailNickname,members`,
        async (items) => {
          const now = new Date();
          const groups = items.map((item) => ({
            id: String(item.id),
            display_name: typeof item.displayName === "string" ? item.displayName : null,
            description: typeof item.description === "string" ? item.description : null,
            mail_nickname: typeof item.mailNickname === "string" ? item.mailNickname : null,
            synced_at: now,
          }));
          await sql`insert into directory_groups ${sql(groups)} on conflict (id) do update set display_name = excluded.display_name, description = excluded.description, mail_nickname = excluded.mail_nickname, synced_at = excluded.synced_at`;
          const members = items.flatMap((item) =>
            ((item["members@delta"] ?? []) as { id: string }[]).map((member) => ({
              group_id: String(item.id),
              agent_id: member.id,
            })),
          );
          if (members.length > 0) {
            await sql`insert into directory_group_members ${sql(members)} on conflict do nothing`;
          }
          memberships += members.length;
        },
      );
      const cpu = process.cpuUsage(cpuBefore);
      const totalMs = performance.now() - started;
      return {
        totalMs,
        usersMs,
        groupsMs: totalMs - usersMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        fetchMs: timing.fetchMs,
        upsertMs: timing.upsertMs,
        pages: usersPages,
        groupPages: timing.pages - usersPages,
        agents,
        memberships,
      };
    },
    async close() {
      await sql.end({ timeout: 5 });
      await agent.close();
    },
  };
});
