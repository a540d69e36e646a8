import { createRoute, z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import { stream } from "hono/streaming";
import type { TokenValidator } from "../../auth";
import { matchesIfNoneMatch, parseIfMatch } from "../../http/conditional";
import { etagFor, preferredCoding } from "../../http/content-coding";
import { requireAuth } from "../../http/middleware/auth";
import { idempotency } from "../../http/middleware/idempotency";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { type ServiceDeps, serviceContext } from "../../http/service-context";
import { pageAssignments } from "./assignments.service";
import { BrandKitInputSchema, BrandKitSchema, IfMatchSchema } from "./brand-kit.schemas";
import { putBrandKit, readBrandKit } from "./brand-kit.service";
import { bulkDocumentChunks } from "./bulk-export";
import { exportExchangeRule } from "./export.service";
import { prepareBulkRendering, renderSignature } from "./render.service";
import {
  AgentQuerySchema,
  DefaultTemplateInputSchema,
  ExplanationSchema,
  RuleIdParamSchema,
  RuleInputSchema,
  RuleSchema,
  RulesPageSchema,
} from "./rules.schemas";
import {
  createRule,
  deleteRule,
  explainRules,
  listRuleViews,
  setDefaultTemplate,
  updateRule,
} from "./rules.service";
import type { SignatureService } from "./signature-service";
import {
  AssignmentsPageSchema,
  AssignmentsQuerySchema,
  BulkQuerySchema,
  BulkRenderSchema,
  ExchangeExportQuerySchema,
  ExchangeExportSchema,
  MeQuerySchema,
  MySignatureSchema,
  PreviewQuerySchema,
  RenderedSignatureSchema,
} from "./signatures.schemas";

export type SignatureRouteDeps = ServiceDeps & {
  validateToken: TokenValidator;
  publicUrl: string;
  /** Agents' own signatures, cached; one per app (see createSignatureService). */
  signatures: SignatureService;
};

const EDITORS = ["Relais.Editor"] as const;
const REVIEWERS = ["Relais.Editor", "Relais.Approver"] as const;

export function signatureRoutes(deps: SignatureRouteDeps) {
  const tags = ["Signatures"];
  const security = [{ bearer: [] }];
  const json = <T extends z.ZodType>(schema: T, description: string) => ({
    description,
    content: { "application/json": { schema } },
  });

  const me = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/me",
    summary: "The signed-in agent's signature (what the Outlook add-in inserts)",
    description:
      "Rendered HTML, plain text, template version, rule and banner. Send the last ETag in " +
      "If-None-Match: 304 when nothing changed. `validUntil` says when a banner starts or ends.",
    middleware: [requireAuth(deps.validateToken)] as const,
    request: { query: MeQuerySchema },
    responses: {
      200: json(MySignatureSchema, "The signature"),
      304: { description: "Unchanged since the ETag sent in If-None-Match" },
      ...errorResponses(401, 404, 422),
    },
  });

  const preview = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/preview",
    summary: "Any agent's signature, for any version or date (Editors, Approvers)",
    middleware: [requireAuth(deps.validateToken, REVIEWERS)] as const,
    request: { query: PreviewQuerySchema },
    responses: {
      200: json(RenderedSignatureSchema, "The signature as it would be"),
      ...errorResponses(401, 403, 404, 422),
    },
  });

  const assignments = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/assignments",
    summary: "Who gets what: every active agent's template, rule and banner now",
    middleware: [requireAuth(deps.validateToken, REVIEWERS)] as const,
    request: { query: AssignmentsQuerySchema },
    responses: {
      200: json(AssignmentsPageSchema, "Sorted by name"),
      ...errorResponses(401, 403, 422),
    },
  });

  const brandRead = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/brand-kit",
    summary: "The commune's brand kit",
    middleware: [requireAuth(deps.validateToken, REVIEWERS)] as const,
    responses: {
      200: { ...json(BrandKitSchema, "The brand kit"), headers: z.object({ ETag: z.string() }) },
      ...errorResponses(401, 403),
    },
  });

  const brandWrite = createRoute({
    tags,
    security,
    method: "put",
    path: "/api/signatures/brand-kit",
    summary: "Replace the brand kit (Editors; If-Match required)",
    middleware: [requireAuth(deps.validateToken, EDITORS)] as const,
    request: {
      headers: IfMatchSchema,
      body: { required: true, content: { "application/json": { schema: BrandKitInputSchema } } },
    },
    responses: {
      200: { ...json(BrandKitSchema, "Stored"), headers: z.object({ ETag: z.string() }) },
      ...errorResponses(400, 401, 403, 409, 422),
    },
  });

  const rulesList = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/rules",
    summary: "Assignment rules in evaluation order, and the default template",
    middleware: [requireAuth(deps.validateToken, REVIEWERS)] as const,
    responses: { 200: json(RulesPageSchema, "Rules"), ...errorResponses(401, 403) },
  });

  const rulesCreate = createRoute({
    tags,
    security,
    method: "post",
    path: "/api/signatures/rules",
    summary: "Add a rule (Editors)",
    middleware: [requireAuth(deps.validateToken, EDITORS), idempotency(deps)] as const,
    request: {
      body: { required: true, content: { "application/json": { schema: RuleInputSchema } } },
    },
    responses: { 201: json(RuleSchema, "Created"), ...errorResponses(400, 401, 403, 409, 422) },
  });

  const rulesUpdate = createRoute({
    tags,
    security,
    method: "put",
    path: "/api/signatures/rules/{id}",
    summary: "Replace a rule (Editors; If-Match required)",
    middleware: [requireAuth(deps.validateToken, EDITORS)] as const,
    request: {
      params: RuleIdParamSchema,
      headers: IfMatchSchema,
      body: { required: true, content: { "application/json": { schema: RuleInputSchema } } },
    },
    responses: {
      200: json(RuleSchema, "Stored"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const rulesDelete = createRoute({
    tags,
    security,
    method: "delete",
    path: "/api/signatures/rules/{id}",
    summary: "Delete a rule (Editors)",
    middleware: [requireAuth(deps.validateToken, EDITORS)] as const,
    request: { params: RuleIdParamSchema },
    responses: { 204: { description: "Deleted" }, ...errorResponses(401, 403, 404, 422) },
  });

  const defaultTemplate = createRoute({
    tags,
    security,
    method: "put",
    path: "/api/signatures/default-template",
    summary: "The template of agents no rule matches (Editors)",
    middleware: [requireAuth(deps.validateToken, EDITORS)] as const,
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: DefaultTemplateInputSchema } },
      },
    },
    responses: { 200: json(RulesPageSchema, "Rules"), ...errorResponses(400, 401, 403, 422) },
  });

  const explain = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/rules/explain",
    summary: "Which rule gives an agent their template, and why",
    middleware: [requireAuth(deps.validateToken, REVIEWERS)] as const,
    request: { query: AgentQuerySchema },
    responses: {
      200: json(ExplanationSchema, "The winning rule and every rule considered"),
      ...errorResponses(401, 403, 404, 422),
    },
  });

  const exchange = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/exchange-export",
    summary: "Exchange Online transport rule: the fallback for mail sent without the add-in",
    description:
      "The template's new-message variant with Exchange's %%…%% attribute tokens (≤ 5,000 " +
      "characters) and the PowerShell that installs or updates the rule, with an exception for " +
      "mail the add-in already signed (X-Relais-Signature header).",
    middleware: [requireAuth(deps.validateToken, EDITORS)] as const,
    request: { query: ExchangeExportQuerySchema },
    responses: {
      200: json(ExchangeExportSchema, "The disclaimer and its installation script"),
      ...errorResponses(401, 403, 404, 422),
    },
  });

  const bulk = createRoute({
    tags,
    security,
    method: "get",
    path: "/api/signatures/bulk",
    summary: "Every active agent's signature at once (exports, audits)",
    middleware: [requireAuth(deps.validateToken, REVIEWERS)] as const,
    request: { query: BulkQuerySchema },
    responses: {
      200: json(BulkRenderSchema, "HTML per agent; agents without a template in `unsigned`"),
      ...errorResponses(401, 403, 422),
    },
  });

  return createRouter()
    .openapi(exchange, async (c) =>
      c.json(
        await exportExchangeRule(serviceContext(deps, c), deps.publicUrl, c.req.valid("query")),
        200,
      ),
    )
    .openapi(bulk, async (c) => {
      const ctx = serviceContext(deps, c);
      const query = c.req.valid("query");
      const at = query.at ? new Date(query.at) : ctx.clock.now();
      // Read before the first byte: a database error still answers the error contract.
      const rendering = await prepareBulkRendering(ctx, deps.publicUrl, {
        variant: query.variant,
        at,
        withoutText: true,
      });
      c.header("Content-Type", "application/json");
      // The document BulkRenderSchema describes, written as it is rendered.
      const response = stream(
        c,
        async (out) => {
          for (const chunk of bulkDocumentChunks(rendering, at.toISOString())) {
            if (out.aborted) return;
            await out.write(chunk);
          }
        },
        async (error) => {
          // Past the first byte the status is sent: the document is left unfinished, which no
          // JSON reader takes for a whole one.
          ctx.logger.error({ err: error, requestId: ctx.requestId }, "bulk export interrupted");
        },
      );
      return response as unknown as TypedResponse<z.infer<typeof BulkRenderSchema>, 200, "json">;
    })
    .openapi(me, async (c) => {
      const ctx = serviceContext(deps, c);
      const query = c.req.valid("query");
      const mine = await deps.signatures.mine(
        ctx,
        c.get("principal").id,
        query.variant,
        query.mailbox,
      );
      // The add-in's webview accepts Brotli and gzip: ~5.6 KB of JSON goes as ~1.3 KB.
      const { bytes, coding } = mine.body().in(preferredCoding(c.req.header("accept-encoding")));
      const etag = etagFor(mine.signature.etag, coding);
      c.header("ETag", etag);
      c.header("Cache-Control", "private, no-cache");
      c.header("Vary", "Authorization, Accept-Encoding", { append: true });
      if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) {
        return c.body(null, 304);
      }
      if (coding !== "identity") c.header("Content-Encoding", coding);
      return c.body(bytes, 200, { "Content-Type": "application/json" });
    })
    .openapi(preview, async (c) => {
      const ctx = serviceContext(deps, c);
      const query = c.req.valid("query");
      const rendered = await renderSignature(ctx, deps, query.agentId, {
        variant: query.variant,
        at: query.at ? new Date(query.at) : ctx.clock.now(),
        ...(query.templateVersionId ? { templateVersionId: query.templateVersionId } : {}),
      });
      return c.json(rendered, 200);
    })
    .openapi(assignments, async (c) => {
      const ctx = serviceContext(deps, c);
      const index = await deps.signatures.assignments(ctx, ctx.clock.now());
      return c.json(pageAssignments(index, c.req.valid("query")), 200);
    })
    .openapi(brandRead, async (c) => {
      const kit = await readBrandKit(serviceContext(deps, c).db);
      return c.json(kit, 200, { ETag: kit.etag });
    })
    .openapi(brandWrite, async (c) => {
      const kit = await putBrandKit(
        serviceContext(deps, c),
        c.req.valid("json"),
        parseIfMatch(c.req.valid("header")["if-match"]),
      );
      return c.json(kit, 200, { ETag: kit.etag });
    })
    .openapi(rulesList, async (c) => c.json(await listRuleViews(serviceContext(deps, c)), 200))
    .openapi(rulesCreate, async (c) =>
      c.json(await createRule(serviceContext(deps, c), c.req.valid("json")), 201),
    )
    .openapi(rulesUpdate, async (c) =>
      c.json(
        await updateRule(
          serviceContext(deps, c),
          c.req.valid("param").id,
          c.req.valid("json"),
          parseIfMatch(c.req.valid("header")["if-match"]),
        ),
        200,
      ),
    )
    .openapi(rulesDelete, async (c) => {
      await deleteRule(serviceContext(deps, c), c.req.valid("param").id);
      return c.body(null, 204);
    })
    .openapi(defaultTemplate, async (c) =>
      c.json(
        await setDefaultTemplate(serviceContext(deps, c), c.req.valid("json").templateId),
        200,
      ),
    )
    .openapi(explain, async (c) =>
      c.json(await explainRules(serviceContext(deps, c), c.req.valid("query").agentId), 200),
    );
}
