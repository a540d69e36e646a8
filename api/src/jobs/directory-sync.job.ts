import type PgBoss from "pg-boss";
import type { Clock } from "../core/clock";
import { APP_TIME_ZONE } from "../core/clock";
import { AppError } from "../core/errors";
import type { IdGenerator } from "../core/ids";
import type { Logger } from "../core/logger";
import type { Database } from "../db/client";
import { systemContext } from "../modules/context";
import {
  type DirectorySyncDeps,
  refreshStalePhotos,
  type SyncTrigger,
  syncDirectory,
} from "../modules/directory";

export const DIRECTORY_SYNC_QUEUE = "directory-sync";
/** pg-boss keeps one schedule per queue: the weekly full resync ticks here and queues a sync. */
const WEEKLY_QUEUE = "directory-sync-weekly";
/** Photos are not in users/delta: an hourly rolling check of the photos not checked for a day. */
const PHOTOS_QUEUE = "directory-photos";
const PHOTO_CHECK_AGE_MS = 24 * 3600 * 1000;
const PHOTO_CHECKS_PER_RUN = 2000;

export interface DirectorySyncJob {
  trigger: SyncTrigger;
  full: boolean;
}

export interface DirectorySyncSchedule {
  /** Minutes between incremental syncs (1–60). */
  intervalMinutes: number;
}

/** Declares the queue; `stately` keeps at most one sync queued and one running, cluster-wide. */
export async function declareDirectorySyncQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(DIRECTORY_SYNC_QUEUE, {
    name: DIRECTORY_SYNC_QUEUE,
    policy: "stately",
    retryLimit: 2,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 3600,
  });
  await boss.createQueue(WEEKLY_QUEUE, { name: WEEKLY_QUEUE, policy: "stately" });
  await boss.createQueue(PHOTOS_QUEUE, {
    name: PHOTOS_QUEUE,
    policy: "stately",
    expireInSeconds: 3600,
  });
}

/** Incremental every N minutes, full resync every Sunday at 03:00 Nouméa time. */
export async function scheduleDirectorySync(
  boss: PgBoss,
  schedule: DirectorySyncSchedule,
): Promise<void> {
  const every = Math.min(60, Math.max(1, Math.round(schedule.intervalMinutes)));
  await boss.schedule(
    DIRECTORY_SYNC_QUEUE,
    every === 60 ? "0 * * * *" : `*/${every} * * * *`,
    { trigger: "schedule", full: false } satisfies DirectorySyncJob,
    { tz: APP_TIME_ZONE },
  );
  await boss.schedule(PHOTOS_QUEUE, "17 * * * *", {}, { tz: APP_TIME_ZONE });
  await boss.schedule(
    WEEKLY_QUEUE,
    "0 3 * * 0",
    { trigger: "schedule", full: true } satisfies DirectorySyncJob,
    { tz: APP_TIME_ZONE },
  );
}

/** Queues a sync; answers null when one is already waiting (a repeated request is not duplicated). */
export async function requestDirectorySync(
  boss: PgBoss,
  job: DirectorySyncJob,
): Promise<string | null> {
  return boss.send(DIRECTORY_SYNC_QUEUE, job);
}

export async function workDirectorySync(
  boss: PgBoss,
  deps: { db: Database; clock: Clock; ids: IdGenerator; logger: Logger; sync: DirectorySyncDeps },
): Promise<void> {
  const handler = async (jobs: PgBoss.Job<DirectorySyncJob>[]) => {
    for (const job of jobs) {
      const ctx = systemContext(deps, job.id);
      const photos = job.data.full ? "all" : "changed";
      try {
        await syncDirectory(ctx, deps.sync, {
          trigger: job.data.trigger,
          full: job.data.full,
          photos,
        });
      } catch (error) {
        // Another sync (the CLI, a replica's startup) holds the lock and covers this one.
        if (error instanceof AppError && error.code === "conflict") {
          deps.logger.info({ jobId: job.id }, "directory sync skipped: another one is running");
          continue;
        }
        throw error;
      }
    }
  };
  await boss.work<DirectorySyncJob>(
    DIRECTORY_SYNC_QUEUE,
    { pollingIntervalSeconds: 2, batchSize: 1 },
    handler,
  );
  await boss.work(PHOTOS_QUEUE, { pollingIntervalSeconds: 30, batchSize: 1 }, async ([job]) => {
    const ctx = systemContext(deps, job?.id ?? null);
    const result = await refreshStalePhotos(ctx, deps.sync, {
      olderThanMs: PHOTO_CHECK_AGE_MS,
      limit: PHOTO_CHECKS_PER_RUN,
    });
    deps.logger.info(result, "directory photos checked");
  });
  await boss.work<DirectorySyncJob>(
    WEEKLY_QUEUE,
    { pollingIntervalSeconds: 30, batchSize: 1 },
    async (jobs) => {
      for (const job of jobs) await requestDirectorySync(boss, job.data);
    },
  );
}
