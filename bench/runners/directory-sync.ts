/**
 * Child process of the directory suite: the API's runtime wired by `createRuntime` exactly as in
 * production tenant mode (MSAL client credentials, the Graph client, the undici transport
 * trusting a configured CA) against the parent's sandbox tenant over HTTPS, on a throwaway
 * PostgreSQL database. Runs `syncDirectory` on request and reports time and memory: the
 * process's RSS is the sync's own, the sandbox tenant lives in the parent.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadConfig } from "../../api/src/config";
import { systemClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import { createRuntime } from "../../api/src/main";
import { type SyncProgress, syncDirectory } from "../../api/src/modules/directory";
import { serveWorker } from "../lib/worker";
import type {
  SyncWorkerInit,
  SyncWorkerReady,
  SyncWorkerRequest,
  SyncWorkerResult,
} from "./directory-protocol";

const rss = () => process.memoryUsage.rss();

/** Resets the kernel's peak-RSS mark (VmHWM) so it covers what follows only. */
function resetPeak(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** VmHWM: the kernel's own peak RSS of this process, in bytes. */
function kernelPeak(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Drizzle's "Failed query: …" carries the whole statement and its parameters: keep the gist. */
function describe(failure: unknown): string {
  if (!(failure instanceof Error)) return String(failure);
  const message = failure.message.split("\nparams:")[0] ?? failure.message;
  const head = message.length > 160 ? `${message.slice(0, 160)}…` : message;
  return failure.cause instanceof Error ? `${head} — cause: ${failure.cause.message}` : head;
}

serveWorker<SyncWorkerInit, SyncWorkerRequest, SyncWorkerResult>(async (init) => {
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: init.databaseUrl,
    DATA_DIR: init.dataDir,
    DIRECTORY_SYNC: "off",
    ENTRA_TENANT_ID: init.tenantId,
    ENTRA_CLIENT_ID: init.clientId,
    ENTRA_CLIENT_SECRET: init.clientSecret,
    ENTRA_AUTHORITY_HOST: init.origin,
    GRAPH_BASE_URL: init.origin,
    GRAPH_CA_FILE: init.caFile,
  });
  const logger = createLogger("silent");
  const runtime = await createRuntime(config, { logger, clock: systemClock });
  const ctx = {
    db: runtime.handle.db,
    clock: systemClock,
    ids: randomIds,
    logger,
    actor: null,
    requestId: null,
  };
  const ready: SyncWorkerReady = { startupRss: rss(), pid: process.pid };

  return {
    ready,
    async handle(request: SyncWorkerRequest): Promise<SyncWorkerResult> {
      const peakReset = resetPeak();
      const startRss = rss();
      let sampledPeak = startRss;
      /** Every 50 ms sample: [ms since start, RSS]. */
      const samples: [number, number][] = [];
      let afterUsersRound: number | null = null;
      const pageRss: number[] = [];
      const pageMs: number[] = [];
      let usersRoundMs: number | null = null;
      let groupsStartMs: number | null = null;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const sample = (value: number) => {
        sampledPeak = Math.max(sampledPeak, value);
        samples.push([performance.now() - started, value]);
      };
      let heapPeak = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        const usage = process.memoryUsage();
        heapPeak = Math.max(heapPeak, usage.heapUsed);
        sample(usage.rss);
      }, 50);
      const onProgress = (progress: SyncProgress) => {
        const at = performance.now() - started;
        if (progress.phase === "users") {
          const now = rss();
          sample(now);
          pageRss[progress.pages - 1] = now;
          pageMs[progress.pages - 1] = at;
        } else {
          usersRoundMs ??= at;
          afterUsersRound ??= rss();
          if (progress.phase === "groups") groupsStartMs ??= at;
        }
      };
      let run: Awaited<ReturnType<typeof syncDirectory>> | null = null;
      let error: string | null = null;
      try {
        run = await syncDirectory(ctx, runtime.sync, {
          trigger: "manual",
          full: request.full,
          photos: request.photos,
          onProgress,
        });
      } catch (failure) {
        // A failed sync is a result to report (how far it got, what it cost), not a crash.
        error = describe(failure);
      } finally {
        clearInterval(sampler);
      }
      const totalMs = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const endRss = rss();
      sample(endRss);
      // While users pages stream in: up to the last page applied, before the round's sweep (which
      // may fail) and the groups round.
      const lastPageMs = pageMs.at(-1) ?? 0;
      let pagesPeak = Math.max(startRss, ...pageRss);
      for (const [at, value] of samples)
        if (at <= lastPageMs) pagesPeak = Math.max(pagesPeak, value);
      return {
        error,
        totalMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        usersRoundMs,
        groupsMs: groupsStartMs === null ? null : totalMs - groupsStartMs,
        pagesApplied: pageRss.length,
        run: run && {
          kind: run.kind,
          pages: run.pages,
          requests: run.requests,
          added: run.added,
          updated: run.updated,
          removed: run.removed,
          deactivated: run.deactivated,
          photosFetched: run.photosFetched,
          groupsChanged: run.groupsChanged,
          retries: run.retries,
          throttledWaits: run.throttledWaits,
        },
        memory: {
          startRss,
          endRss,
          sampledPeak,
          pagesPeak,
          afterUsersRound,
          kernelPeak: peakReset ? kernelPeak() : null,
          heapPeak,
          pageRss,
          pageMs,
        },
      };
    },
    close: () => runtime.close(),
  };
});
