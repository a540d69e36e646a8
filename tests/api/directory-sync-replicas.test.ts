import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import { type DatabaseHandle, openDatabase } from "../../api/src/db/client";
import { directorySyncRuns } from "../../api/src/db/schema";
import {
  declareDirectorySyncQueue,
  requestDirectorySync,
  workDirectorySync,
} from "../../api/src/jobs/directory-sync.job";
import { createQueue } from "../../api/src/jobs/queue";
import { systemContext } from "../../api/src/modules/context";
import { syncDirectory } from "../../api/src/modules/directory";
import { createTestApp, type TestApp } from "../support/app";
import { createTestDatabase } from "../support/db";

const logger = createLogger("silent");

/**
 * Two API replicas over one PostgreSQL database: each with its own connection pool, its own
 * pg-boss instance and its own advisory-lock session, as two processes would have.
 */
describe("directory sync across two replicas on postgres", () => {
  let t: TestApp;
  const replicas: { handle: DatabaseHandle; boss: ReturnType<typeof createQueue> }[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase("postgres");
    if (!database.url) throw new Error("a postgres test database has a URL");
    t = await createTestApp("postgres", { database });
    for (let i = 0; i < 2; i += 1) {
      const handle = await openDatabase({ kind: "postgres", url: database.url });
      const boss = createQueue(handle, logger);
      await boss.start();
      replicas.push({ handle, boss });
    }
    await declareDirectorySyncQueue(replicas[0]?.boss as ReturnType<typeof createQueue>);
  });

  afterAll(async () => {
    for (const { boss, handle } of replicas) {
      await boss.stop({ graceful: false, wait: true });
      await handle.close();
    }
    await t.close();
  });

  const deps = (handle: DatabaseHandle) => ({
    db: handle.db,
    clock: systemClock,
    ids: randomIds,
    logger,
    // The replica's own lock session: the runtime's graph client and blob store are shared.
    sync: { ...t.runtime.sync, exclusive: handle.exclusive },
  });

  it("runs a burst of sync requests from both replicas exactly once", async () => {
    const sent = [];
    for (let i = 0; i < 6; i += 1) {
      const { boss } = replicas[i % 2] as (typeof replicas)[number];
      sent.push(await requestDirectorySync(boss, { trigger: "manual", full: false }));
    }
    // The stately queue keeps one waiting job: the five repeats were not queued.
    expect(sent.filter((id) => id !== null)).toHaveLength(1);

    for (const { handle, boss } of replicas) await workDirectorySync(boss, deps(handle));
    const deadline = Date.now() + 30_000;
    let runs: (typeof directorySyncRuns.$inferSelect)[] = [];
    while (Date.now() < deadline) {
      runs = await t.database.db.select().from(directorySyncRuns);
      if (runs.length > 0 && runs.every((run) => run.outcome !== "running")) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Give a second replica time to (wrongly) pick the job too before counting.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    runs = await t.database.db.select().from(directorySyncRuns);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: "succeeded", kind: "full", trigger: "manual" });
  });

  it("lets only one of two simultaneous syncs run; the other is refused as a conflict", async () => {
    const attempts = await Promise.allSettled(
      replicas.map(({ handle }) =>
        syncDirectory(systemContext(deps(handle), null), deps(handle).sync, {
          trigger: "cli",
          full: true,
          photos: "none",
        }),
      ),
    );
    const outcomes = attempts.map((a) =>
      a.status === "fulfilled" ? "ran" : (a.reason as { code?: string }).code,
    );
    expect(outcomes.sort()).toEqual(["conflict", "ran"]);
    const runs = await t.database.db.select().from(directorySyncRuns);
    const windows = runs
      .map((run) => [run.startedAt.getTime(), run.finishedAt?.getTime() ?? Infinity] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < windows.length; i += 1) {
      expect(windows[i]?.[0], "runs never overlap").toBeGreaterThanOrEqual(
        windows[i - 1]?.[1] ?? 0,
      );
    }
  });
});
