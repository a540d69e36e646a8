import { createRoute } from "@hono/zod-openapi";
import type { TokenValidator } from "../../auth";
import { requireAuth } from "../../http/middleware/auth";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { type ServiceDeps, serviceContext } from "../../http/service-context";
import {
  AgentDetailSchema,
  AgentIdParamSchema,
  DepartmentsSchema,
  DirectoryPageSchema,
  ListUsersQuerySchema,
} from "./directory.schemas";
import { getAgentDetail, listDepartments, listDirectory } from "./directory.service";
import { overrideRoutes } from "./overrides.routes";

export type DirectoryRouteDeps = ServiceDeps & { validateToken: TokenValidator };

/** The staff directory: readable by every signed-in agent; overrides written by Editors. */
export function directoryRoutes(deps: DirectoryRouteDeps) {
  const common = { tags: ["Directory"], security: [{ bearer: [] }] };

  const list = createRoute({
    ...common,
    method: "get",
    middleware: [requireAuth(deps.validateToken)] as const,
    path: "/api/directory/users",
    summary: "Agents of the directory (effective profiles), paged",
    request: { query: ListUsersQuerySchema },
    responses: {
      200: {
        description: "Sorted by surname, then display name",
        content: { "application/json": { schema: DirectoryPageSchema } },
      },
      ...errorResponses(401, 422),
    },
  });

  const detail = createRoute({
    ...common,
    method: "get",
    middleware: [requireAuth(deps.validateToken)] as const,
    path: "/api/directory/users/{id}",
    summary: "One agent: Entra values, override and effective profile, manager and groups",
    request: { params: AgentIdParamSchema },
    responses: {
      200: {
        description: "The agent",
        content: { "application/json": { schema: AgentDetailSchema } },
      },
      ...errorResponses(401, 404, 422),
    },
  });

  const departments = createRoute({
    ...common,
    method: "get",
    middleware: [requireAuth(deps.validateToken)] as const,
    path: "/api/directory/departments",
    summary: "Departments and offices with their number of active agents",
    responses: {
      200: {
        description: "Sorted by name (French order)",
        content: { "application/json": { schema: DepartmentsSchema } },
      },
      ...errorResponses(401),
    },
  });

  return createRouter()
    .openapi(list, async (c) =>
      c.json(await listDirectory(serviceContext(deps, c), c.req.valid("query")), 200),
    )
    .openapi(departments, async (c) => c.json(await listDepartments(serviceContext(deps, c)), 200))
    .openapi(detail, async (c) =>
      c.json(await getAgentDetail(serviceContext(deps, c), c.req.valid("param").id), 200),
    )
    .route("/", overrideRoutes(deps));
}
