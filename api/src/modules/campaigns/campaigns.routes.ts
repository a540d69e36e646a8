import { createRoute, z } from "@hono/zod-openapi";
import type { TokenValidator } from "../../auth";
import { parseIfMatch } from "../../http/conditional";
import { requireAuth } from "../../http/middleware/auth";
import { idempotency } from "../../http/middleware/idempotency";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { type ServiceDeps, serviceContext } from "../../http/service-context";
import {
  CampaignIdParamSchema,
  CampaignInputSchema,
  CampaignPageSchema,
  CampaignSchema,
  CampaignStatsSchema,
  IfMatchHeaderSchema,
  ListCampaignsQuerySchema,
  StatsQuerySchema,
} from "./campaigns.schemas";
import {
  archiveCampaign,
  createCampaign,
  getCampaign,
  getCampaignStats,
  listCampaigns,
  updateCampaign,
} from "./campaigns.service";
import { redirectRoutes } from "./redirect.routes";

export type CampaignRouteDeps = ServiceDeps & {
  validateToken: TokenValidator;
  /** The API's public origin (and base path), under which `/r/{id}` is reachable from mails. */
  publicUrl: string;
};

const concurrency =
  "Optimistic concurrency: send the ETag of your last read in If-Match (or * to overwrite " +
  "knowingly). If the campaign changed since, the answer is 409 conflict with `currentEtag`. " +
  "Writing what is already stored succeeds without a change, so a retried request is harmless.";

const campaignResponse = (description: string) => ({
  description,
  headers: z.object({ ETag: z.string() }),
  content: { "application/json": { schema: CampaignSchema } },
});

/** Banner campaigns, managed by Editors; the public tracked link `/r/{id}` is mounted with them. */
export function campaignRoutes(deps: CampaignRouteDeps) {
  const common = { tags: ["Campaigns"], security: [{ bearer: [] }] };
  const editor = requireAuth(deps.validateToken, "Relais.Editor");
  const options = { publicUrl: deps.publicUrl };

  const create = createRoute({
    ...common,
    method: "post",
    path: "/api/campaigns",
    summary: "Create a banner campaign (Editor)",
    description:
      "Optional `Idempotency-Key`: a retry with the same key and body answers the first " +
      "response again and creates nothing.",
    middleware: [editor, idempotency(deps)] as const,
    request: {
      body: { required: true, content: { "application/json": { schema: CampaignInputSchema } } },
    },
    responses: {
      201: {
        ...campaignResponse("The created campaign"),
        headers: z.object({ ETag: z.string(), Location: z.string() }),
      },
      ...errorResponses(400, 401, 403, 409, 422),
    },
  });

  const list = createRoute({
    ...common,
    method: "get",
    path: "/api/campaigns",
    summary: "Campaigns with their state and click and impression totals (Editor)",
    middleware: [editor] as const,
    request: { query: ListCampaignsQuerySchema },
    responses: {
      200: {
        description: "Latest start first",
        content: { "application/json": { schema: CampaignPageSchema } },
      },
      ...errorResponses(401, 403, 422),
    },
  });

  const read = createRoute({
    ...common,
    method: "get",
    path: "/api/campaigns/{id}",
    summary: "One campaign (Editor)",
    middleware: [editor] as const,
    request: { params: CampaignIdParamSchema },
    responses: { 200: campaignResponse("The campaign"), ...errorResponses(401, 403, 404, 422) },
  });

  const replace = createRoute({
    ...common,
    method: "put",
    path: "/api/campaigns/{id}",
    summary: "Replace a campaign (Editor); archived campaigns cannot be changed",
    description: concurrency,
    middleware: [editor] as const,
    request: {
      params: CampaignIdParamSchema,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CampaignInputSchema } } },
    },
    responses: {
      200: campaignResponse("The stored campaign"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  });

  const archive = createRoute({
    ...common,
    method: "delete",
    path: "/api/campaigns/{id}",
    summary: "Archive a campaign (Editor)",
    description:
      "The campaign is archived, never deleted: mails already sent keep linking to `/r/{id}` " +
      `and its statistics stay. ${concurrency}`,
    middleware: [editor] as const,
    request: { params: CampaignIdParamSchema, headers: IfMatchHeaderSchema },
    responses: {
      200: campaignResponse("The archived campaign"),
      ...errorResponses(401, 403, 404, 409, 422),
    },
  });

  const stats = createRoute({
    ...common,
    method: "get",
    path: "/api/campaigns/{id}/stats",
    summary: "Clicks, impressions and click-through rate per Nouméa day (Editor)",
    description:
      "At most 366 days. Clicks are GET requests on the tracked link: the link scanners of " +
      "mail gateways follow links too, so clicks can be inflated.",
    middleware: [editor] as const,
    request: { params: CampaignIdParamSchema, query: StatsQuerySchema },
    responses: {
      200: {
        description: "Every day of the range, then the totals",
        content: { "application/json": { schema: CampaignStatsSchema } },
      },
      ...errorResponses(401, 403, 404, 422),
    },
  });

  return createRouter()
    .openapi(create, async (c) => {
      const view = await createCampaign(serviceContext(deps, c), c.req.valid("json"), options);
      return c.json(view, 201, { ETag: view.etag, Location: `/api/campaigns/${view.id}` });
    })
    .openapi(list, async (c) =>
      c.json(await listCampaigns(serviceContext(deps, c), c.req.valid("query"), options), 200),
    )
    .openapi(read, async (c) => {
      const view = await getCampaign(serviceContext(deps, c), c.req.valid("param").id, options);
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(replace, async (c) => {
      const view = await updateCampaign(
        serviceContext(deps, c),
        {
          id: c.req.valid("param").id,
          expected: parseIfMatch(c.req.valid("header")["if-match"]),
          input: c.req.valid("json"),
        },
        options,
      );
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(archive, async (c) => {
      const view = await archiveCampaign(
        serviceContext(deps, c),
        {
          id: c.req.valid("param").id,
          expected: parseIfMatch(c.req.valid("header")["if-match"]),
        },
        options,
      );
      return c.json(view, 200, { ETag: view.etag });
    })
    .openapi(stats, async (c) =>
      c.json(
        await getCampaignStats(
          serviceContext(deps, c),
          c.req.valid("param").id,
          c.req.valid("query"),
        ),
        200,
      ),
    )
    .route("/", redirectRoutes(deps));
}
