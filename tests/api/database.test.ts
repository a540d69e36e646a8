import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import type { DatabaseHandle } from "../../api/src/db/client";
import { applyMigrations, migrationStatus, rowsOf } from "../../api/src/db/migrate";
import { withTransaction } from "../../api/src/db/transaction";
import { listAuditRows, recordAudit } from "../../api/src/modules/audit";
import type { ServiceContext } from "../../api/src/modules/context";
import { createTestDatabase, dbKinds } from "../support/db";

describe.each(dbKinds)("database on %s", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(kind);
  });
  afterAll(() => handle.close());

  const context = (db: ServiceContext["db"]): ServiceContext => ({
    db,
    clock: fixedClock(new Date("2026-11-26T22:00:00Z")),
    ids: randomIds,
    logger: createLogger("silent"),
    actor: { id: "actor-1", tenantId: "t", name: "Hélène Wamytan", roles: ["Relais.Admin"] },
    requestId: "req-1",
  });

  it("applies every committed migration, and applying again changes nothing", async () => {
    const status = await migrationStatus(handle.db);
    expect(status.pending).toBe(0);
    expect(status.applied).toBe(status.expected);
    await applyMigrations(handle);
    expect(await migrationStatus(handle.db)).toEqual(status);
    const tables = rowsOf<{ name: string }>(
      await handle.db.execute(
        sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
      ),
    ).map((row) => row.name);
    expect(tables).toContain("audit_log");
  });

  it("writes the audit row in the same transaction as the change", async () => {
    await withTransaction(handle.db, async (tx) => {
      await recordAudit(context(tx), {
        action: "template.published",
        entity: "template",
        entityId: "committed-1",
        before: { status: "approved" },
        after: { status: "published" },
      });
    });
    const committed = await listAuditRows(handle.db, {
      entity: "template",
      entityId: "committed-1",
      limit: 10,
    });
    expect(committed).toHaveLength(1);
    expect(committed[0]).toMatchObject({
      actorId: "actor-1",
      actorName: "Hélène Wamytan",
      action: "template.published",
      before: { status: "approved" },
      after: { status: "published" },
      requestId: "req-1",
    });
    expect(committed[0]!.at.toISOString()).toBe("2026-11-26T22:00:00.000Z");

    await expect(
      withTransaction(handle.db, async (tx) => {
        await recordAudit(context(tx), {
          action: "template.deleted",
          entity: "template",
          entityId: "rolled-back-1",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(
      await listAuditRows(handle.db, { entity: "template", entityId: "rolled-back-1", limit: 10 }),
    ).toEqual([]);
  });

  it("reuses an outer transaction instead of opening a nested one", async () => {
    await expect(
      withTransaction(handle.db, async (outer) => {
        await withTransaction(outer, async (inner) => {
          expect(inner).toBe(outer);
          await recordAudit(context(inner), { action: "x", entity: "nested", entityId: "n-1" });
        });
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect(await listAuditRows(handle.db, { entity: "nested", limit: 10 })).toEqual([]);
  });
});
