import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { Principal, TokenValidator } from "../../auth";
import { AppError } from "../../core/errors";
import { parseIfMatch } from "../../http/conditional";
import type { AppEnv } from "../../http/env";
import { requireAuth } from "../../http/middleware/auth";
import { idempotency } from "../../http/middleware/idempotency";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { type ServiceDeps, serviceContext } from "../../http/service-context";
import type { AppRole } from "../context";
import {
  ApproveInputSchema,
  CreateTemplateInputSchema,
  CreateVersionInputSchema,
  DiffParamSchema,
  IfMatchHeaderSchema,
  ListTemplatesQuerySchema,
  RejectInputSchema,
  RollbackInputSchema,
  SavedVersionSchema,
  TemplateDetailSchema,
  TemplateIdParamSchema,
  TemplateListSchema,
  TemplateSummarySchema,
  TemplateVersionSchema,
  UpdateTemplateInputSchema,
  UpdateVersionInputSchema,
  VersionDiffSchema,
  VersionIdParamSchema,
} from "./templates.schemas";
import {
  approveVersion,
  archiveTemplate,
  createTemplate,
  createVersion,
  diffVersions,
  getTemplate,
  getVersion,
  listTemplates,
  publishVersion,
  rejectVersion,
  rollbackTemplate,
  submitVersion,
  updateTemplate,
  updateVersion,
} from "./templates.service";

export type TemplateRouteDeps = ServiceDeps & { validateToken: TokenValidator };

type AuthedEnv = AppEnv & { Variables: { principal: Principal } };

/** After `requireAuth`: one of `roles` (an Admin holds every role), else 403. */
function requireAnyRole(...roles: AppRole[]) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const held = c.var.principal.roles;
    if (!held.includes("Relais.Admin") && !roles.some((role) => held.includes(role))) {
      throw new AppError(
        "forbidden",
        `This action requires one of the roles ${roles.join(", ")}.`,
        {
          requiredRoles: roles,
        },
      );
    }
    await next();
  });
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const body = <T extends z.ZodType>(schema: T, required = true) => ({
  required,
  content: { "application/json": { schema } },
});

const versionWithEtag = (description: string) => ({
  ...json(TemplateVersionSchema, description),
  headers: z.object({ ETag: z.string() }),
});

const workflow =
  "Lifecycle of a version: draft → submitted → approved (by someone who neither wrote nor " +
  "edited it) → published; a submitted version may be rejected, and editing it makes it a " +
  "draft again. One version at most is in progress (draft, submitted or approved) per " +
  "template. A transition from the wrong status answers 409 with `currentStatus`.";

/** Signature templates and their versions, with review before publication. */
export function templateRoutes(deps: TemplateRouteDeps) {
  const readRoles = requireAnyRole("Relais.Editor", "Relais.Approver");
  const auth = requireAuth(deps.validateToken);
  const editorAuth = requireAuth(deps.validateToken, "Relais.Editor");
  const approverAuth = requireAuth(deps.validateToken, "Relais.Approver");
  const common = { tags: ["Signature templates"], security: [{ bearer: [] }] };
  const templates = "/api/signatures/templates";
  const versions = "/api/signatures/template-versions";

  const list = createRoute({
    ...common,
    method: "get",
    path: templates,
    summary:
      "Templates, with their published version and the version in progress (Editor, Approver)",
    middleware: [auth, readRoles] as const,
    request: { query: ListTemplatesQuerySchema },
    responses: {
      200: json(TemplateListSchema, "Sorted by name"),
      ...errorResponses(401, 403, 422),
    },
  });

  const create = createRoute({
    ...common,
    method: "post",
    path: templates,
    summary: "Create a template; its version 1 is a draft (Editor)",
    description:
      "Every source must compile (422 with `details.errors`: language, variant, line, column). " +
      "Honours Idempotency-Key.",
    middleware: [editorAuth, idempotency({ db: deps.db, clock: deps.clock })] as const,
    request: { body: body(CreateTemplateInputSchema) },
    responses: {
      201: json(TemplateDetailSchema, "The template and its version 1"),
      ...errorResponses(400, 401, 403, 409, 422),
    },
  });

  const detail = createRoute({
    ...common,
    method: "get",
    path: `${templates}/{id}`,
    summary: "A template and all its versions, newest first (Editor, Approver)",
    description: workflow,
    middleware: [auth, readRoles] as const,
    request: { params: TemplateIdParamSchema },
    responses: {
      200: json(TemplateDetailSchema, "The template"),
      ...errorResponses(401, 403, 404, 422),
    },
  });

  const rename = createRoute({
    ...common,
    method: "patch",
    path: `${templates}/{id}`,
    summary: "Change a template's name or description (Editor)",
    middleware: [editorAuth] as const,
    request: { params: TemplateIdParamSchema, body: body(UpdateTemplateInputSchema) },
    responses: {
      200: json(TemplateSummarySchema, "The template"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const archive = createRoute({
    ...common,
    method: "delete",
    path: `${templates}/{id}`,
    summary: "Archive a template (Editor)",
    description:
      "Refused with 409 while a signature rule assigns the template or it is the default " +
      "template (`details.rules`, `details.isDefault`). Archiving an archived template is a no-op.",
    middleware: [editorAuth] as const,
    request: { params: TemplateIdParamSchema },
    responses: {
      200: json(TemplateSummarySchema, "The archived template"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  });

  const newVersion = createRoute({
    ...common,
    method: "post",
    path: `${templates}/{id}/versions`,
    summary: "Start a new draft from a version (Editor)",
    description:
      "Copies `fromVersionId`, by default the published version, else the latest. 409 with " +
      "`details.openVersion` when a version is already in progress.",
    middleware: [editorAuth] as const,
    request: { params: TemplateIdParamSchema, body: body(CreateVersionInputSchema, false) },
    responses: {
      201: versionWithEtag("The new draft"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const rollback = createRoute({
    ...common,
    method: "post",
    path: `${templates}/{id}/rollback`,
    summary: "Publish again a version published before, as a new version (Editor)",
    description:
      "The new version copies the sources of `toVersionId` (which must have been published), " +
      "is published at once and notes « Retour à la version N »; the published one is retired.",
    middleware: [editorAuth] as const,
    request: { params: TemplateIdParamSchema, body: body(RollbackInputSchema) },
    responses: {
      201: versionWithEtag("The new published version"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const readVersion = createRoute({
    ...common,
    method: "get",
    path: `${versions}/{versionId}`,
    summary: "One version, with its ETag (Editor, Approver)",
    middleware: [auth, readRoles] as const,
    request: { params: VersionIdParamSchema },
    responses: {
      200: versionWithEtag("The version"),
      ...errorResponses(401, 403, 404, 422),
    },
  });

  const edit = createRoute({
    ...common,
    method: "put",
    path: `${versions}/{versionId}`,
    summary: "Replace the sources and note of a draft or rejected version (Editor)",
    description:
      "If-Match is required (the version's ETag); a stale one answers 409 with `currentEtag`. " +
      "Every source must compile, else 422 with `details.errors`. A rejected version becomes a " +
      "draft again. `warnings` lists email-safety issues, which do not block saving.",
    middleware: [editorAuth] as const,
    request: {
      params: VersionIdParamSchema,
      headers: IfMatchHeaderSchema,
      body: body(UpdateVersionInputSchema),
    },
    responses: {
      200: {
        ...json(SavedVersionSchema, "The saved version"),
        headers: z.object({ ETag: z.string() }),
      },
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const submit = createRoute({
    ...common,
    method: "post",
    path: `${versions}/{versionId}/submit`,
    summary: "Submit a draft for approval (Editor)",
    description:
      "Refused with 422 when a source does not compile (`details.errors`) or renders with an " +
      `email-safety error or over 30,000 characters (\`details.emailSafety\`). ${workflow}`,
    middleware: [editorAuth] as const,
    request: { params: VersionIdParamSchema },
    responses: {
      200: versionWithEtag("The submitted version"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  });

  const approve = createRoute({
    ...common,
    method: "post",
    path: `${versions}/{versionId}/approve`,
    summary: "Approve a submitted version (Approver)",
    description: `Whoever wrote, edited or submitted the version cannot approve it (403), Admins included. ${workflow}`,
    middleware: [approverAuth] as const,
    request: {
      params: VersionIdParamSchema,
      body: body(ApproveInputSchema, false),
    },
    responses: {
      200: versionWithEtag("The approved version"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const reject = createRoute({
    ...common,
    method: "post",
    path: `${versions}/{versionId}/reject`,
    summary: "Reject a submitted version, saying why (Approver)",
    description: workflow,
    middleware: [approverAuth] as const,
    request: { params: VersionIdParamSchema, body: body(RejectInputSchema) },
    responses: {
      200: versionWithEtag("The rejected version"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const publish = createRoute({
    ...common,
    method: "post",
    path: `${versions}/{versionId}/publish`,
    summary: "Publish an approved version (Editor, Approver)",
    description: `The previously published version is retired. ${workflow}`,
    middleware: [auth, readRoles] as const,
    request: { params: VersionIdParamSchema },
    responses: {
      200: versionWithEtag("The published version"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  });

  const diff = createRoute({
    ...common,
    method: "get",
    path: `${versions}/{a}/diff/{b}`,
    summary: "What changed between two versions of a template (Editor, Approver)",
    description:
      "Per language and variant, a unified diff of the sources agents get, with the number of " +
      "lines added and removed; identical variants are left out.",
    middleware: [auth, readRoles] as const,
    request: { params: DiffParamSchema },
    responses: {
      200: json(VersionDiffSchema, "The differences"),
      ...errorResponses(401, 403, 404, 422),
    },
  });

  return createRouter()
    .openapi(list, async (c) =>
      c.json(await listTemplates(serviceContext(deps, c), c.req.valid("query")), 200),
    )
    .openapi(create, async (c) =>
      c.json(await createTemplate(serviceContext(deps, c), c.req.valid("json")), 201),
    )
    .openapi(detail, async (c) =>
      c.json(await getTemplate(serviceContext(deps, c), c.req.valid("param").id), 200),
    )
    .openapi(rename, async (c) =>
      c.json(
        await updateTemplate(serviceContext(deps, c), c.req.valid("param").id, c.req.valid("json")),
        200,
      ),
    )
    .openapi(archive, async (c) =>
      c.json(await archiveTemplate(serviceContext(deps, c), c.req.valid("param").id), 200),
    )
    .openapi(newVersion, async (c) => {
      const view = await createVersion(
        serviceContext(deps, c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(view, 201, { ETag: view.etag });
    })
    .openapi(rollback, async (c) => {
      const view = await rollbackTemplate(
        serviceContext(deps, c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(view, 201, { ETag: view.etag });
    })
    .openapi(readVersion, async (c) => {
      const view = await getVersion(serviceContext(deps, c), c.req.valid("param").versionId);
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(edit, async (c) => {
      const view = await updateVersion(serviceContext(deps, c), {
        versionId: c.req.valid("param").versionId,
        expected: parseIfMatch(c.req.valid("header")["if-match"]),
        input: c.req.valid("json"),
      });
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(submit, async (c) => {
      const view = await submitVersion(serviceContext(deps, c), c.req.valid("param").versionId);
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(approve, async (c) => {
      const view = await approveVersion(
        serviceContext(deps, c),
        c.req.valid("param").versionId,
        c.req.valid("json"),
      );
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(reject, async (c) => {
      const view = await rejectVersion(
        serviceContext(deps, c),
        c.req.valid("param").versionId,
        c.req.valid("json"),
      );
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(publish, async (c) => {
      const view = await publishVersion(serviceContext(deps, c), c.req.valid("param").versionId);
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(diff, async (c) => {
      const { a, b } = c.req.valid("param");
      return c.json(await diffVersions(serviceContext(deps, c), a, b), 200);
    });
}
