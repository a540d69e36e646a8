import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type GraphError, graphErrorBody } from "./errors";
import type { GraphEnv } from "./runtime";

/** Graph's JSON content type. */
export const GRAPH_JSON =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export function graphJson(
  c: Context<GraphEnv>,
  body: unknown,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(body), status, { ...headers, "Content-Type": GRAPH_JSON });
}

export function graphErrorResponse(c: Context<GraphEnv>, error: GraphError, at: Date): Response {
  const call = c.get("call");
  const body = graphErrorBody(
    error,
    { requestId: call.requestId, clientRequestId: call.clientRequestId },
    at,
  );
  return graphJson(c, body, error.status as ContentfulStatusCode, error.headers);
}
