import pLimit from "p-limit";
import { AppError } from "../../core/errors";
import type { ExclusiveRunner } from "../../db/client";
import { withTransaction } from "../../db/transaction";
import {
  type DeltaPage,
  DeltaStateLost,
  type DirectoryGraph,
  type GraphUserDelta,
} from "../../integrations/graph/port";
import { emptyStats, type GraphCallStats } from "../../integrations/graph/resilience";
import type { BlobStore } from "../../storage/blob-store";
import type { ServiceContext } from "../context";
import {
  type AgentChanges,
  agentChangesFrom,
  MAX_DELTA_RESTARTS,
  userSelect,
} from "./graph-mapping";
import { groupsRound } from "./groups-sync";
import * as repo from "./sync.repo";

export type SyncTrigger = "schedule" | "manual" | "cli" | "startup";

export interface DirectorySyncDeps {
  graph: DirectoryGraph;
  blobs: BlobStore;
  /** Cluster-wide mutual exclusion (an advisory lock): one sync at a time, whoever starts it. */
  exclusive: ExclusiveRunner;
  photoConcurrency?: number;
}

export const SYNC_LOCK = "directory-sync";

export interface SyncProgress {
  phase: "users" | "photos" | "groups";
  pages: number;
  agentsSeen: number;
  photosChecked: number;
}

export interface SyncOptions {
  trigger: SyncTrigger;
  /** Ignore the stored deltaLink: fresh snapshot, then mark-and-sweep. */
  full?: boolean;
  /** Which photos to check: agents that appeared in this run (default), every agent, or none. */
  photos?: "changed" | "all" | "none";
  onProgress?: (progress: SyncProgress) => void;
}

interface RoundCounters {
  pages: number;
  added: number;
  updated: number;
  deactivated: number;
  removed: number;
  agentsSeen: number;
  restartedAsFull: boolean;
}

/**
 * One directory sync: a users/delta round (incremental from the stored deltaLink, or full),
 * then photos of the agents that need it, then a groups/delta round. A round's deltaLink is
 * stored only once the round completed; each page is applied in its own transaction.
 */
export async function syncDirectory(
  ctx: ServiceContext,
  deps: DirectorySyncDeps,
  options: SyncOptions,
): Promise<repo.SyncRunRow> {
  const outcome = await deps.exclusive(SYNC_LOCK, () => runExclusively(ctx, deps, options));
  if (!outcome.acquired) {
    throw new AppError(
      "conflict",
      "A directory sync is already running; this one was not started.",
    );
  }
  return outcome.value;
}

async function runExclusively(
  ctx: ServiceContext,
  deps: DirectorySyncDeps,
  options: SyncOptions,
): Promise<repo.SyncRunRow> {
  // Holding the lock, any run still marked running belongs to a process that died.
  await repo.failInterruptedRuns(ctx.db, ctx.clock.now());
  const runId = ctx.ids.uuid();
  const storedLink = options.full ? null : await repo.readDeltaLink(ctx.db, "users");
  const stats = emptyStats();
  const startedAt = ctx.clock.now();
  await repo.insertRun(ctx.db, {
    id: runId,
    kind: storedLink ? "incremental" : "full",
    trigger: options.trigger,
    outcome: "running",
    startedAt,
  });
  const progress: SyncProgress = { phase: "users", pages: 0, agentsSeen: 0, photosChecked: 0 };
  const report = () => options.onProgress?.({ ...progress });
  try {
    const users = await usersRound(ctx, deps.graph, storedLink, stats, (pages, seen) => {
      progress.pages = pages;
      progress.agentsSeen = seen;
      report();
    });
    progress.phase = "photos";
    const photoScope = options.photos ?? "changed";
    const photosFetched =
      photoScope === "none"
        ? 0
        : await refreshPhotos(
            ctx,
            deps,
            photoScope === "all" ? "all" : { firstSyncedSince: startedAt },
            stats,
            () => {
              progress.photosChecked += 1;
              report();
            },
          );
    progress.phase = "groups";
    report();
    const groupsChanged = await groupsRound(ctx, deps.graph, options.full === true, stats);
    const finished = {
      kind: users.full ? ("full" as const) : ("incremental" as const),
      outcome: "succeeded" as const,
      finishedAt: ctx.clock.now(),
      pages: users.pages,
      added: users.added,
      updated: users.updated,
      deactivated: users.deactivated,
      removed: users.removed,
      photosFetched,
      groupsChanged,
      restartedAsFull: users.restartedAsFull,
      ...statsColumns(stats),
    };
    await repo.updateRun(ctx.db, runId, finished);
    ctx.logger.info({ runId, ...finished }, "directory sync finished");
    return repo.listRunById(ctx.db, runId);
  } catch (error) {
    // The first line says what failed; query texts and parameters stay in the log only.
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    await repo.updateRun(ctx.db, runId, {
      outcome: "failed",
      finishedAt: ctx.clock.now(),
      error: message.slice(0, 500),
      pages: progress.pages,
      ...statsColumns(stats),
    });
    ctx.logger.error({ runId, err: error }, "directory sync failed");
    throw error;
  }
}

const statsColumns = (stats: GraphCallStats) => ({
  requests: stats.requests,
  retries: stats.retries,
  throttledWaits: stats.throttledWaits,
  throttledMs: stats.throttledMs,
});

async function usersRound(
  ctx: ServiceContext,
  graph: DirectoryGraph,
  storedLink: string | null,
  stats: GraphCallStats,
  onPage: (pages: number, seen: number) => void,
): Promise<RoundCounters & { full: boolean }> {
  let full = storedLink === null;
  let link = storedLink;
  let seen: Set<string> | null = full ? new Set() : null;
  const counters: RoundCounters = {
    pages: 0,
    added: 0,
    updated: 0,
    deactivated: 0,
    removed: 0,
    agentsSeen: 0,
    restartedAsFull: false,
  };
  let restarts = 0;
  for (;;) {
    let page: DeltaPage<GraphUserDelta>;
    try {
      page = await graph.usersDelta({
        from: link ? { link } : { select: userSelect },
        minimal: !full,
        stats,
      });
    } catch (error) {
      if (!(error instanceof DeltaStateLost) || restarts >= MAX_DELTA_RESTARTS) throw error;
      // The delta state expired or Graph asks for a resync: start a full round, sweep at its end.
      restarts += 1;
      ctx.logger.warn(
        { reason: error.reason },
        "directory delta state lost, restarting a full round",
      );
      full = true;
      counters.restartedAsFull = true;
      seen = new Set();
      link = error.restartUrl;
      continue;
    }
    counters.pages += 1;
    const now = ctx.clock.now();
    await withTransaction(ctx.db, (tx) => applyUsersPage(tx, page.items, seen, now, counters));
    onPage(counters.pages, counters.agentsSeen);
    if (page.nextLink) {
      link = page.nextLink;
      continue;
    }
    if (!page.deltaLink)
      throw new Error("Graph returned a users/delta page with neither nextLink nor deltaLink");
    const deltaLink = page.deltaLink;
    await withTransaction(ctx.db, async (tx) => {
      if (seen) counters.removed += await repo.sweepAgents(tx, [...seen]);
      await repo.saveDeltaLink(tx, "users", deltaLink, now);
    });
    return { ...counters, full };
  }
}

type PageEntry = { kind: "upsert"; changes: AgentChanges } | { kind: "removed"; reason: string };

async function applyUsersPage(
  tx: ServiceContext["db"],
  items: GraphUserDelta[],
  seen: Set<string> | null,
  now: Date,
  counters: RoundCounters,
) {
  // The same user may appear twice in a page: later entries complete earlier ones.
  const entries = new Map<string, PageEntry>();
  for (const item of items) {
    if (typeof item.id !== "string") continue;
    const removed = item["@removed"];
    if (removed) {
      entries.set(item.id, { kind: "removed", reason: removed.reason });
      continue;
    }
    const previous = entries.get(item.id);
    const changes = agentChangesFrom(item, seen ? "full" : "incremental");
    entries.set(item.id, {
      kind: "upsert",
      changes: previous?.kind === "upsert" ? { ...previous.changes, ...changes } : changes,
    });
  }
  const upserts: { id: string; changes: AgentChanges }[] = [];
  const softDeleted: string[] = [];
  const deleted: string[] = [];
  for (const [id, entry] of entries) {
    if (entry.kind === "upsert") {
      upserts.push({ id, changes: entry.changes });
      seen?.add(id);
    } else if (entry.reason === "deleted") {
      deleted.push(id);
    } else {
      softDeleted.push(id);
    }
  }
  counters.agentsSeen += upserts.length;
  const result = await repo.upsertAgents(tx, upserts, now);
  counters.added += result.added.length;
  counters.updated += result.updated.length;
  counters.deactivated += (await repo.softDeleteAgents(tx, softDeleted, now)).length;
  counters.removed += await repo.deleteAgents(tx, deleted);
}

/** Candidates are read in batches by id, so memory stays flat whatever the directory's size. */
const PHOTO_BATCH = 500;

/**
 * Checks the photos of every active agent, or of those first written since the run started: the
 * agents this round added, found in the database rather than kept in memory.
 */
async function refreshPhotos(
  ctx: ServiceContext,
  deps: DirectorySyncDeps,
  scope: repo.PhotoCheckScope,
  stats: GraphCallStats,
  onChecked: () => void,
): Promise<number> {
  let fetched = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await repo.agentsNeedingPhotoCheck(ctx.db, scope, after, PHOTO_BATCH);
    fetched += await checkPhotos(ctx, deps, batch, stats, onChecked);
    if (batch.length < PHOTO_BATCH) return fetched;
    after = batch.at(-1)?.id ?? null;
  }
}

/**
 * Photos are not tracked by users/delta: compare each agent's photo etag with Graph's and
 * download only what changed (any 404 = no photo), a few requests at a time.
 */
async function checkPhotos(
  ctx: ServiceContext,
  deps: DirectorySyncDeps,
  candidates: { id: string; photoEtag: string | null }[],
  stats: GraphCallStats,
  onChecked: () => void,
): Promise<number> {
  const limit = pLimit(deps.photoConcurrency ?? 4);
  let fetched = 0;
  await Promise.all(
    candidates.map((agent) =>
      limit(async () => {
        const metadata = await deps.graph.photoMetadata(agent.id, stats);
        let photo = {
          etag: agent.photoEtag,
          hash: undefined as string | null | undefined,
          contentType: undefined as string | null | undefined,
        };
        if (!metadata) {
          photo = { etag: null, hash: null, contentType: null };
        } else if (metadata.etag !== agent.photoEtag) {
          const downloaded = await deps.graph.photoBytes(agent.id, stats);
          fetched += downloaded ? 1 : 0;
          photo = downloaded
            ? {
                etag: metadata.etag,
                hash: await deps.blobs.put(downloaded.bytes),
                contentType: downloaded.contentType,
              }
            : { etag: null, hash: null, contentType: null };
        }
        await repo.setAgentPhoto(ctx.db, agent.id, photo, ctx.clock.now());
        onChecked();
      }),
    ),
  );
  return fetched;
}

/**
 * The rolling photo check (scheduled hourly): agents whose photo was not checked for
 * `olderThanMs`, oldest first, at most `limit` per run — so a changed photo reaches signatures
 * within a day without one Graph request per agent on every 5-minute sync.
 */
export async function refreshStalePhotos(
  ctx: ServiceContext,
  deps: DirectorySyncDeps,
  options: { olderThanMs: number; limit: number },
): Promise<{ checked: number; fetched: number }> {
  const stale = await repo.agentsWithStalePhotos(
    ctx.db,
    new Date(ctx.clock.now().getTime() - options.olderThanMs),
    options.limit,
  );
  const fetched = await checkPhotos(ctx, deps, stale, emptyStats(), () => {});
  return { checked: stale.length, fetched };
}

/** Whether a users round ever completed (a deltaLink is stored). */
export async function hasCompletedDirectorySync(db: ServiceContext["db"]): Promise<boolean> {
  return (await repo.readDeltaLink(db, "users")) !== null;
}
