import { createRoute } from "@hono/zod-openapi";
import type { Logger } from "../../core/logger";
import type { Database } from "../../db/client";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import {
  type ClientConfig,
  ClientConfigSchema,
  HealthSchema,
  ReadinessSchema,
} from "./system.schemas";
import { checkReadiness } from "./system.service";

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["System"],
  summary: "The process is alive",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: HealthSchema } } },
  },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["System"],
  summary: "The database is reachable and every migration is applied",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: ReadinessSchema } } },
    503: { description: "Not ready", content: { "application/json": { schema: ReadinessSchema } } },
  },
});

const clientConfig = createRoute({
  method: "get",
  path: "/api/client-config",
  tags: ["System"],
  summary: "What the front ends need to sign in (public)",
  responses: {
    200: {
      description: "Client configuration",
      content: { "application/json": { schema: ClientConfigSchema } },
    },
    ...errorResponses(),
  },
});

export function systemRoutes(deps: { db: Database; logger: Logger; clientConfig: ClientConfig }) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: "ok" as const }, 200))
    .openapi(readyz, async (c) => {
      const readiness = await checkReadiness(deps.db, deps.logger);
      const body = {
        status: readiness.ready ? ("ready" as const) : ("not_ready" as const),
        database: readiness.database,
        migrations: readiness.migrations,
      };
      return readiness.ready ? c.json(body, 200) : c.json(body, 503);
    })
    .openapi(clientConfig, (c) => c.json(deps.clientConfig, 200));
}
