import { createRoute, z } from "@hono/zod-openapi";
import type { TokenValidator } from "../../auth";
import type { Database } from "../../db/client";
import { requireAuth } from "../../http/middleware/auth";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { listAuditRows } from "./audit.repo";

const AuditEntrySchema = z
  .object({
    id: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    at: z.string().openapi({ format: "date-time" }),
  })
  .openapi("AuditEntry");

const AuditQuerySchema = z.object({
  entity: z.string().trim().min(1).max(100),
  entityId: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(deps: { db: Database; validateToken: TokenValidator }) {
  const list = createRoute({
    method: "get",
    path: "/api/audit",
    tags: ["Audit"],
    summary: "Audit trail of an entity (Admin)",
    security: [{ bearer: [] }],
    middleware: [requireAuth(deps.validateToken, "Relais.Admin")] as const,
    request: { query: AuditQuerySchema },
    responses: {
      200: {
        description: "Newest first",
        content: { "application/json": { schema: z.object({ items: z.array(AuditEntrySchema) }) } },
      },
      ...errorResponses(401, 403, 422),
    },
  });
  return createRouter().openapi(list, async (c) => {
    const rows = await listAuditRows(deps.db, c.req.valid("query"));
    return c.json({ items: rows.map((row) => ({ ...row, at: row.at.toISOString() })) }, 200);
  });
}
