import { createMiddleware } from "hono/factory";
import type { IdGenerator } from "../../core/ids";
import type { AppEnv } from "../env";

type HeaderSet = Readonly<Record<string, string>>;

/**
 * Security headers of the API's answers (JSON, redirects, images): what OWASP's REST cheat sheet
 * asks of an API. Nothing may run in, frame or embed them; the document-only headers (script,
 * style and image sources, referrer, DNS prefetch…) mean nothing to a fetch and are left out.
 */
export const API_SECURITY_HEADERS: HeaderSet = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
};

/**
 * Security headers of the pages a browser renders (the console, the API reference): scripts,
 * styles and images from this origin only, framed by this origin only. A page that needs more
 * (the add-in's, framed by Outlook) sets its own Content-Security-Policy, which wins. No
 * X-Frame-Options: it cannot name Outlook's origins, and `frame-ancestors` says who may frame.
 */
export const DOCUMENT_SECURITY_HEADERS: HeaderSet = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent UI (Griffel) injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
  ].join("; "),
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Origin-Agent-Cluster": "?1",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "X-DNS-Prefetch-Control": "off",
  "X-Permitted-Cross-Domain-Policies": "none",
};

/** What an incoming `X-Request-Id` may be to be kept: nothing that could forge a log line. */
const SANE_REQUEST_ID = /^[\w\-=]{1,255}$/;

export interface ResponseHeadersOptions {
  ids: IdGenerator;
  /** Path prefixes of pages (HTML and their assets): they get the document headers. */
  documentPaths: readonly string[];
}

/**
 * First middleware of the API: gives the request its id (a sane incoming `X-Request-Id` is
 * kept, else a new UUID) and the security headers of what it asks for, set before the route
 * runs so that every answer is built with them at once; a route's own value of a header wins.
 */
export function responseHeaders(options: ResponseHeadersOptions) {
  const isDocument = (path: string) =>
    options.documentPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : options.ids.uuid();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    const security = isDocument(c.req.path) ? DOCUMENT_SECURITY_HEADERS : API_SECURITY_HEADERS;
    for (const name in security) c.header(name, security[name]);
    await next();
    // A Response a handler built itself did not take them: it is rebuilt with what it lacks
    // (changing its headers in place would not last once its body is read).
    const res = c.res;
    if (!res.headers.has("X-Request-Id")) {
      const headers = new Headers(res.headers);
      headers.set("X-Request-Id", id);
      for (const name in security) {
        if (!headers.has(name)) headers.set(name, security[name] as string);
      }
      c.res = new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    }
  });
}
