import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "./env";

const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const page = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relais — référence de l'API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#reference", deepLinking: true, persistAuthorization: true });`;

/** Interactive API reference (Swagger UI, served locally: no CDN). */
export function apiReference() {
  const router = new Hono<AppEnv>();
  router.get("/docs", (c) => c.html(page));
  router.get("/docs/assets/init.js", (c) =>
    c.body(init, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );
  router.get("/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = assets[file];
    if (!type) return c.notFound();
    const content = await readFile(join(swaggerDir, file));
    return c.body(new Uint8Array(content), 200, {
      "content-type": type,
      "cache-control": "public, max-age=86400",
    });
  });
  return router;
}
