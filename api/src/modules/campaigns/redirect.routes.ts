import { createRoute, z } from "@hono/zod-openapi";
import type { Clock } from "../../core/clock";
import type { Logger } from "../../core/logger";
import type { Database } from "../../db/client";
import { createRouter } from "../../http/router";
import { followCampaignLink } from "./campaigns.service";

export interface RedirectRouteDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
}

// Static on purpose: nothing from the request is echoed, so there is nothing to escape.
const notFoundPage = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Lien introuvable</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}</style>
</head>
<body>
<h1>Lien introuvable</h1>
<p>Ce lien ne mène à aucune campagne de la Ville de Dumbéa. Vérifiez qu'il a été copié en entier.</p>
</body>
</html>
`;

const privacyHeaders = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/**
 * The tracked link of signature banners. Public (recipients are outside the tenant) and
 * anonymous: it redirects only to the destination stored with the campaign, never to a URL taken
 * from the request, and keeps nothing about the visitor (no IP, user agent nor query string).
 */
export function redirectRoutes(deps: RedirectRouteDeps) {
  const follow = createRoute({
    method: "get",
    path: "/r/{id}",
    tags: ["Campaigns"],
    summary: "Follow a banner's link (public): 302 to the campaign's destination",
    description:
      "Counts one click per GET on the Nouméa day, whatever the campaign's status (mails sent " +
      "long ago keep working). HEAD is answered without counting. Mail gateways' link scanners " +
      "may follow links with GET before the recipient does, which inflates clicks. Anything " +
      "that is not an existing campaign id answers 404 with a short HTML page.",
    request: {
      params: z.object({
        // Not validated here: a malformed id must answer the same 404 page as an unknown one.
        id: z.string().openapi({ param: { name: "id", in: "path" }, format: "uuid" }),
      }),
    },
    responses: {
      302: {
        description: "To the campaign's stored destination",
        headers: z.object({
          Location: z.string(),
          "Cache-Control": z.string(),
          "Referrer-Policy": z.string(),
        }),
      },
      404: {
        description: "Not a campaign (« Lien introuvable »)",
        content: { "text/html": { schema: z.string() } },
      },
    },
  });

  return createRouter().openapi(follow, async (c) => {
    const destination = await followCampaignLink(deps, c.req.valid("param").id, {
      // Hono answers HEAD with the GET handler: scanners' HEAD requests must not count.
      count: c.req.method !== "HEAD",
    });
    if (destination === null) return c.html(notFoundPage, 404, privacyHeaders);
    return c.body(null, 302, { ...privacyHeaders, Location: destination });
  });
}
