import { cors as honoCors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

export interface CorsOptions {
  /** Origins allowed to call the API from a browser, exactly as browsers send them. */
  origins: readonly string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: number;
}

/**
 * CORS with Hono's middleware answering preflights, and the headers of actual requests set
 * before the handler runs: Hono's version appends `Vary` after it, which makes every response
 * be rebuilt (a full Response and a body stream) — a third of a small request's cost.
 */
export function cors(options: CorsOptions) {
  const allowed = new Set(options.origins);
  const preflight = honoCors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowHeaders: options.allowHeaders,
    exposeHeaders: options.exposeHeaders,
    maxAge: options.maxAge,
  });
  const expose = options.exposeHeaders.join(",");
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    const origin = c.req.header("origin");
    const allowOrigin = origin !== undefined && allowed.has(origin) ? origin : null;
    if (allowOrigin) {
      c.header("Access-Control-Allow-Origin", allowOrigin);
      c.header("Access-Control-Expose-Headers", expose);
    }
    c.header("Vary", "Origin", { append: true });
    await next();
    // A handler that returned its own Response dropped the headers set above: add them.
    if (allowOrigin && c.res.headers.get("Access-Control-Allow-Origin") !== allowOrigin) {
      c.header("Access-Control-Allow-Origin", allowOrigin);
      c.header("Access-Control-Expose-Headers", expose);
    }
    if (!c.res.headers.get("Vary")?.includes("Origin"))
      c.header("Vary", "Origin", { append: true });
  });
}
