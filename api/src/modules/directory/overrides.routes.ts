import { createRoute, z } from "@hono/zod-openapi";
import type { TokenValidator } from "../../auth";
import { parseIfMatch } from "../../http/conditional";
import { requireAuth } from "../../http/middleware/auth";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { type ServiceDeps, serviceContext } from "../../http/service-context";
import { AgentIdParamSchema } from "./directory.schemas";
import { IfMatchHeaderSchema, OverrideInputSchema, OverrideSchema } from "./overrides.schemas";
import { getOverride, putOverride, resetOverride } from "./overrides.service";

const path = "/api/directory/users/{id}/override";

const concurrency =
  "Optimistic concurrency: send the ETag of your last GET or PUT in If-Match (or * to overwrite " +
  "knowingly). If the override changed since, the answer is 409 conflict with `currentEtag`. " +
  "Writing what is already stored succeeds without a change, so a retried request is harmless.";

const overrideResponse = (description: string) => ({
  description,
  headers: z.object({ ETag: z.string() }),
  content: { "application/json": { schema: OverrideSchema } },
});

export function overrideRoutes(deps: ServiceDeps & { validateToken: TokenValidator }) {
  const base = { tags: ["Directory"], security: [{ bearer: [] }], path };

  const read = createRoute({
    ...base,
    method: "get",
    summary: "The agent's override (defaults when nothing is overridden)",
    middleware: [requireAuth(deps.validateToken)] as const,
    request: { params: AgentIdParamSchema },
    responses: { 200: overrideResponse("The override"), ...errorResponses(401, 404, 422) },
  });

  const write = createRoute({
    ...base,
    method: "put",
    summary: "Replace the agent's override (Editor)",
    description: concurrency,
    middleware: [requireAuth(deps.validateToken, "Relais.Editor")] as const,
    request: {
      params: AgentIdParamSchema,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: OverrideInputSchema } } },
    },
    responses: {
      200: overrideResponse("The stored override"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const reset = createRoute({
    ...base,
    method: "delete",
    summary: "Reset the agent's override: Entra's values again (Editor)",
    description: concurrency,
    middleware: [requireAuth(deps.validateToken, "Relais.Editor")] as const,
    request: { params: AgentIdParamSchema, headers: IfMatchHeaderSchema },
    responses: {
      200: overrideResponse("The override, back to defaults"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  });

  return createRouter()
    .openapi(read, async (c) => {
      const view = await getOverride(serviceContext(deps, c), c.req.valid("param").id);
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(write, async (c) => {
      const view = await putOverride(serviceContext(deps, c), {
        agentId: c.req.valid("param").id,
        expected: parseIfMatch(c.req.valid("header")["if-match"]),
        input: c.req.valid("json"),
      });
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(reset, async (c) => {
      const view = await resetOverride(serviceContext(deps, c), {
        agentId: c.req.valid("param").id,
        expected: parseIfMatch(c.req.valid("header")["if-match"]),
      });
      return c.json(view, 200, { ETag: view.etag });
    });
}
