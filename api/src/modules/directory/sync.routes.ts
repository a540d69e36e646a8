import { createRoute, z } from "@hono/zod-openapi";
import type { TokenValidator } from "../../auth";
import type { Database } from "../../db/client";
import { requireAuth } from "../../http/middleware/auth";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { listRuns, type SyncRunRow } from "./sync.repo";
import {
  SyncRequestedSchema,
  SyncRequestSchema,
  SyncRunSchema,
  SyncRunsQuerySchema,
} from "./sync.schemas";
import type { SyncTrigger } from "./sync.service";

export interface SyncRoutesDeps {
  db: Database;
  validateToken: TokenValidator;
  /** Queues a sync (null when one is already waiting). */
  requestSync: (job: { trigger: SyncTrigger; full: boolean }) => Promise<string | null>;
}

const runView = (run: SyncRunRow) => ({
  id: run.id,
  kind: run.kind,
  trigger: run.trigger,
  outcome: run.outcome,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  durationMs: run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
  pages: run.pages,
  requests: run.requests,
  added: run.added,
  updated: run.updated,
  deactivated: run.deactivated,
  removed: run.removed,
  photosFetched: run.photosFetched,
  groupsChanged: run.groupsChanged,
  retries: run.retries,
  throttledWaits: run.throttledWaits,
  throttledMs: run.throttledMs,
  restartedAsFull: run.restartedAsFull,
  error: run.error,
});

export function syncRoutes(deps: SyncRoutesDeps) {
  const trigger = createRoute({
    method: "post",
    path: "/api/directory/sync",
    tags: ["Directory"],
    summary: "Queue a directory sync now (Admin)",
    security: [{ bearer: [] }],
    middleware: [requireAuth(deps.validateToken, "Relais.Admin")] as const,
    request: {
      body: { required: false, content: { "application/json": { schema: SyncRequestSchema } } },
    },
    responses: {
      202: {
        description: "Queued, or already waiting",
        content: { "application/json": { schema: SyncRequestedSchema } },
      },
      ...errorResponses(400, 401, 403, 422),
    },
  });
  const runs = createRoute({
    method: "get",
    path: "/api/directory/sync/runs",
    tags: ["Directory"],
    summary: "Recent directory sync runs, newest first (Editor)",
    security: [{ bearer: [] }],
    middleware: [requireAuth(deps.validateToken, "Relais.Editor")] as const,
    request: { query: SyncRunsQuerySchema },
    responses: {
      200: {
        description: "Runs",
        content: { "application/json": { schema: z.object({ items: z.array(SyncRunSchema) }) } },
      },
      ...errorResponses(401, 403, 422),
    },
  });
  return createRouter()
    .openapi(trigger, async (c) => {
      const body = c.req.header("content-type")?.includes("json")
        ? c.req.valid("json")
        : { full: false };
      const jobId = await deps.requestSync({ trigger: "manual", full: body?.full ?? false });
      return c.json(
        jobId
          ? { queued: true, jobId, message: "Directory sync queued." }
          : { queued: false, jobId: null, message: "A directory sync is already waiting to run." },
        202,
      );
    })
    .openapi(runs, async (c) => {
      const rows = await listRuns(deps.db, c.req.valid("query").limit);
      return c.json({ items: rows.map(runView) }, 200);
    });
}
