import { createRoute } from "@hono/zod-openapi";
import type { TokenValidator } from "../../auth";
import { requireAuth } from "../../http/middleware/auth";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { MeSchema } from "./identity.schemas";
import { describeCaller, type ProfileLookup } from "./identity.service";

export function identityRoutes(deps: { validateToken: TokenValidator; profiles: ProfileLookup }) {
  const me = createRoute({
    method: "get",
    path: "/api/me",
    tags: ["Identity"],
    summary: "The signed-in caller: identity, service and roles",
    security: [{ bearer: [] }],
    middleware: [requireAuth(deps.validateToken)] as const,
    responses: {
      200: { description: "The caller", content: { "application/json": { schema: MeSchema } } },
      ...errorResponses(401),
    },
  });
  return createRouter().openapi(me, async (c) =>
    c.json(await describeCaller(c.var.principal, deps.profiles), 200),
  );
}
