import type { Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import type { Logger } from "../../core/logger";

/** What one caller (e.g. a sync run) wants to know about its Graph traffic. */
export interface GraphCallStats {
  requests: number;
  retries: number;
  throttledWaits: number;
  throttledMs: number;
}

export const emptyStats = (): GraphCallStats => ({
  requests: 0,
  retries: 0,
  throttledWaits: 0,
  throttledMs: 0,
});

/** Per-request option: the stats object this request's attempts are counted into. */
export class StatsOption implements MiddlewareOptions {
  constructor(readonly stats: GraphCallStats) {}
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
};

/**
 * A process-wide gate: once Graph answers 429 with Retry-After, no request of this app leaves
 * before that moment, whichever caller sends it. Graph counts early retries against the app.
 */
export class ThrottleGate {
  private openAt = 0;
  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  closeFor(ms: number): void {
    this.openAt = Math.max(this.openAt, this.now() + ms);
  }

  async pass(): Promise<number> {
    let waited = 0;
    for (let wait = this.openAt - this.now(); wait > 0; wait = this.openAt - this.now()) {
      await this.sleep(wait);
      waited += wait;
    }
    return waited;
  }
}

export interface ResilienceDeps {
  gate: ThrottleGate;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Wall-clock milliseconds, to read a Retry-After given as an HTTP date. */
  wallClockNow: () => number;
  newRequestId: () => string;
  /** Called on a 401 for an expired or revoked token: the next attempt gets a fresh one. */
  invalidateToken: () => void;
  logger: Logger;
}

const retryableStatuses = new Set([429, 500, 502, 503, 504]);

/**
 * Retries throttled and transient failures (429/5xx, connection errors) no sooner than
 * Retry-After, with capped exponential backoff and full jitter when Graph gives no delay.
 * Sends a `client-request-id` and logs failures with Graph's `request-id`.
 */
export class ResilienceHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly deps: ResilienceDeps) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const next = this.next;
    if (!next) throw new Error("ResilienceHandler needs a next middleware");
    const stats =
      (context.middlewareControl?.getMiddlewareOptions(StatsOption) as StatsOption | undefined)
        ?.stats ?? emptyStats();
    const clientRequestId = ensureClientRequestId(context, this.deps.newRequestId);
    const method = (context.options?.method ?? "GET").toUpperCase();
    let refreshedToken = false;

    for (let attempt = 0; ; attempt += 1) {
      const waited = await this.deps.gate.pass();
      if (waited > 0) stats.throttledMs += Math.round(waited);
      stats.requests += 1;
      // The Graph client's AuthenticationHandler appends its header: drop the previous attempt's.
      forgetAuthorization(context);
      let failure: unknown;
      try {
        context.response = undefined;
        await next.execute(context);
      } catch (error) {
        failure = error;
      }
      const response = context.response as Response | undefined;
      const retriesLeft = attempt < this.deps.policy.maxRetries;

      if (failure !== undefined || !response) {
        if (!retriesLeft || method !== "GET") throw failure;
        this.deps.logger.warn(
          { clientRequestId, attempt, err: failure },
          "graph connection failed, retrying",
        );
        stats.retries += 1;
        await this.deps.sleep(this.backoff(attempt));
        continue;
      }
      if (response.ok || response.status === 304) return;

      const detail = await errorDetail(response);
      const requestId = response.headers.get("request-id");
      if (
        response.status === 401 &&
        !refreshedToken &&
        detail.code === "InvalidAuthenticationToken"
      ) {
        refreshedToken = true;
        this.deps.invalidateToken();
        stats.retries += 1;
        continue;
      }
      const retryable =
        retryableStatuses.has(response.status) && (method === "GET" || response.status === 429);
      if (!retryable || !retriesLeft) {
        // A 404 is an answer (no photo, no such user), not a failure worth a warning.
        const level = response.status === 404 ? "debug" : "warn";
        this.deps.logger[level](
          { status: response.status, code: detail.code, requestId, clientRequestId },
          "graph request failed",
        );
        return;
      }
      const retryAfterMs = parseRetryAfter(
        response.headers.get("retry-after"),
        this.deps.wallClockNow(),
      );
      const delay = Math.min(retryAfterMs ?? this.backoff(attempt), this.deps.policy.maxDelayMs);
      // Never earlier than Graph asked, even when the cap is lower than Retry-After.
      const wait = retryAfterMs !== undefined ? Math.max(delay, retryAfterMs) : delay;
      stats.retries += 1;
      if (response.status === 429 || retryAfterMs !== undefined) {
        stats.throttledWaits += 1;
        this.deps.gate.closeFor(wait);
      } else {
        await this.deps.sleep(wait);
      }
      this.deps.logger.info(
        {
          status: response.status,
          code: detail.code,
          requestId,
          clientRequestId,
          waitMs: wait,
          attempt,
        },
        "graph request retried",
      );
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(
      this.deps.policy.maxDelayMs,
      this.deps.policy.baseDelayMs * 2 ** attempt,
    );
    return Math.round(ceiling / 2 + (this.deps.random() * ceiling) / 2);
  }
}

function ensureClientRequestId(context: Context, newId: () => string): string {
  const options = context.options ?? {};
  context.options = options;
  const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
  const existing = headers.get("client-request-id");
  if (existing) return existing;
  const id = newId();
  headers.set("client-request-id", id);
  options.headers = Object.fromEntries(headers.entries());
  return id;
}

function forgetAuthorization(context: Context): void {
  const headers = context.options?.headers as Record<string, string> | undefined;
  if (!headers) return;
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === "authorization") delete headers[key];
  }
}

async function errorDetail(response: Response): Promise<{ code: string | null }> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return { code: typeof body.error?.code === "string" ? body.error.code : null };
  } catch {
    return { code: null };
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
