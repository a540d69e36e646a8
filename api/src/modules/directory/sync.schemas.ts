import { z } from "@hono/zod-openapi";

export const SyncRequestSchema = z
  .object({ full: z.boolean().default(false) })
  .strict()
  .openapi("DirectorySyncRequest", {
    description:
      "full: ignore the stored delta state, take a fresh snapshot and remove agents absent from it",
  });

export const SyncRequestedSchema = z
  .object({
    queued: z.boolean(),
    jobId: z.string().nullable(),
    message: z.string(),
  })
  .openapi("DirectorySyncRequested");

export const SyncRunSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["full", "incremental"]),
    trigger: z.enum(["schedule", "manual", "cli", "startup"]),
    outcome: z.enum(["running", "succeeded", "failed"]),
    startedAt: z.string().openapi({ format: "date-time" }),
    finishedAt: z.string().nullable().openapi({ format: "date-time" }),
    durationMs: z.number().nullable(),
    pages: z.number(),
    requests: z.number(),
    added: z.number(),
    updated: z.number(),
    deactivated: z.number(),
    removed: z.number(),
    photosFetched: z.number(),
    groupsChanged: z.number(),
    retries: z.number(),
    throttledWaits: z.number(),
    throttledMs: z.number(),
    restartedAsFull: z.boolean(),
    error: z.string().nullable(),
  })
  .openapi("DirectorySyncRun");

export const SyncRunsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
