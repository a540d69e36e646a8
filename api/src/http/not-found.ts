import type { Context, Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { errorResponse } from "./errors";

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/**
 * Unknown route → 404; a known path with another method → 405 with `Allow`, both in the error
 * contract. The route table is read once, after every module is mounted.
 */
export function createNotFoundHandler(app: Hono<never>) {
  let router: TrieRouter<string> | undefined;
  const allowedMethods = (path: string): string[] => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const route of app.routes) {
        if (route.method !== "ALL") router.add(route.method, route.path, route.method);
      }
    }
    const found = router;
    return methods.filter((method) => found.match(method, path)[0].length > 0);
  };
  return (c: Context): Response => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      return errorResponse(
        c,
        "method_not_allowed",
        `Method ${c.req.method} is not allowed on ${c.req.path}.`,
        { allowed },
        { Allow: allowed.join(", ") },
      );
    }
    return errorResponse(c, "not_found", `No route matches ${c.req.method} ${c.req.path}.`);
  };
}
