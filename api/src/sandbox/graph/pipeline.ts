import type { Context, MiddlewareHandler } from "hono";
import { mayCall } from "./auth";
import { GraphError, graphErrors } from "./errors";
import type { FaultKind, LoggedRoute } from "./request-log";
import { graphErrorResponse } from "./respond";
import type { GraphEnv, GraphRuntime } from "./runtime";

export function classifyRoute(path: string): LoggedRoute {
  if (/^\/v1\.0\/users\/delta\/?$/i.test(path)) return "users/delta";
  if (/^\/v1\.0\/groups\/delta\/?$/i.test(path)) return "groups/delta";
  if (/^\/v1\.0\/users\/[^/]+\/photos?(\/|$)/i.test(path)) return "photo";
  return "other";
}

interface Marks {
  earlyRetry: boolean;
  fault: FaultKind | null;
  reset: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills the TCP connection without an answer, as a dropped connection would. */
function resetConnection(c: Context<GraphEnv>): boolean {
  const socket = c.env?.incoming?.socket;
  if (!socket) return false;
  try {
    socket.resetAndDestroy();
  } catch {
    // A TLS socket has no TCP handle of its own to reset: closing it drops the connection too.
    socket.destroy();
  }
  return true;
}

function faultError(kind: FaultKind, retryAfterSeconds: number): GraphError | null {
  switch (kind) {
    case "429":
      return graphErrors.tooManyRequests(retryAfterSeconds);
    case "500":
      return graphErrors.internal();
    case "502":
      return graphErrors.badGateway();
    case "503":
      return graphErrors.serviceUnavailable(retryAfterSeconds);
    case "504":
      return graphErrors.gatewayTimeout();
    case "tokenExpired":
      return graphErrors.tokenExpired();
    default:
      return null;
  }
}

/** Authentication, throttling and injected faults, in the order Graph's front door applies them. */
async function admit(c: Context<GraphEnv>, rt: GraphRuntime, marks: Marks): Promise<void> {
  const call = c.get("call");
  const caller = await rt.authenticate(c.req.header("authorization"));
  call.appId = caller.appId;
  if (call.route !== "other" && !mayCall(caller, call.route)) {
    throw graphErrors.insufficientPrivileges();
  }
  const verdict = rt.throttle.check(caller.appId);
  if (verdict.throttled) {
    marks.earlyRetry = verdict.earlyRetry;
    throw graphErrors.tooManyRequests(verdict.retryAfterSeconds);
  }
  if (call.route === "other") return;

  const continuation = new URL(c.req.url).searchParams.has("$skiptoken");
  const decision = rt.faults.decide(call.route, continuation);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (!decision.fault) return;
  marks.fault = decision.fault;
  if (decision.fault === "gone") {
    call.resyncRequired = true;
    return;
  }
  if (decision.fault === "reset") {
    if (resetConnection(c)) {
      marks.reset = true;
      return;
    }
    // In process there is no socket to drop: the nearest thing is a bare server error.
    throw graphErrors.internal();
  }
  if (decision.fault === "429") rt.throttle.block(caller.appId, decision.retryAfterSeconds);
  throw faultError(decision.fault, decision.retryAfterSeconds) ?? graphErrors.internal();
}

/** Ids, logging and admission for every `/v1.0` request; Graph's error envelope on failure. */
export function graphPipeline(rt: GraphRuntime): MiddlewareHandler<GraphEnv> {
  return async (c, next) => {
    const call = {
      requestId: rt.ids.uuid(),
      clientRequestId: c.req.header("client-request-id") ?? rt.ids.uuid(),
      route: classifyRoute(c.req.path),
      appId: null,
      resyncRequired: false,
    };
    c.set("call", call);
    c.header("request-id", call.requestId);
    c.header("client-request-id", call.clientRequestId);
    c.header("OData-Version", "4.0");
    const open = rt.log.begin({
      route: call.route,
      method: c.req.method,
      path: c.req.path,
      requestId: call.requestId,
      clientRequestId: call.clientRequestId,
    });
    const marks: Marks = { earlyRetry: false, fault: null, reset: false };
    let answer: Response | undefined;
    try {
      await admit(c, rt, marks);
      if (marks.reset) answer = c.body(null, 500);
      else await next();
    } catch (error) {
      const graphError = error instanceof GraphError ? error : graphErrors.internal();
      answer = graphErrorResponse(c, graphError, rt.clock.now());
    }
    rt.log.end(open, {
      status: marks.reset ? 0 : (answer ?? c.res).status,
      appId: call.appId,
      earlyRetry: marks.earlyRetry,
      fault: marks.fault,
    });
    return answer;
  };
}
