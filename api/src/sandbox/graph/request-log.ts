import type { Clock } from "../../core/clock";

export type GraphRoute = "users/delta" | "groups/delta" | "photo";
export type LoggedRoute = GraphRoute | "other";

export type FaultKind = "429" | "500" | "502" | "503" | "504" | "reset" | "gone" | "tokenExpired";

export interface RequestLogEntry {
  route: LoggedRoute;
  method: string;
  path: string;
  /** 0 when the connection was reset instead of answered. */
  status: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  requestId: string;
  clientRequestId: string;
  appId: string | null;
  /** Sent while the app was throttled, before its Retry-After had elapsed. */
  earlyRetry: boolean;
  fault: FaultKind | null;
}

export interface RequestSummary {
  total: number;
  byRoute: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
  maxConcurrency: number;
  earlyRetries: number;
  throttled: number;
  faults: Record<string, number>;
}

export interface OpenRequest {
  route: LoggedRoute;
  method: string;
  path: string;
  requestId: string;
  clientRequestId: string;
  startedAt: number;
}

/** Every Graph request the sandbox answered, timed on the real clock, and how many overlapped. */
export function createRequestLog(realClock: Clock) {
  let entries: RequestLogEntry[] = [];
  let inFlight = 0;
  let maxConcurrency = 0;

  return {
    begin(request: Omit<OpenRequest, "startedAt">): OpenRequest {
      inFlight += 1;
      maxConcurrency = Math.max(maxConcurrency, inFlight);
      return { ...request, startedAt: realClock.now().getTime() };
    },
    end(
      open: OpenRequest,
      outcome: {
        status: number;
        appId: string | null;
        earlyRetry: boolean;
        fault: FaultKind | null;
      },
    ): void {
      inFlight -= 1;
      const endedAt = realClock.now().getTime();
      entries.push({
        route: open.route,
        method: open.method,
        path: open.path,
        status: outcome.status,
        startedAt: new Date(open.startedAt).toISOString(),
        endedAt: new Date(endedAt).toISOString(),
        durationMs: endedAt - open.startedAt,
        requestId: open.requestId,
        clientRequestId: open.clientRequestId,
        appId: outcome.appId,
        earlyRetry: outcome.earlyRetry,
        fault: outcome.fault,
      });
    },
    entries: (): RequestLogEntry[] => entries.map((entry) => ({ ...entry })),
    summary(): RequestSummary {
      const summary: RequestSummary = {
        total: entries.length,
        byRoute: {},
        byStatus: {},
        maxConcurrency,
        earlyRetries: 0,
        throttled: 0,
        faults: {},
      };
      for (const entry of entries) {
        const status = String(entry.status);
        const route = summary.byRoute[entry.route] ?? {};
        route[status] = (route[status] ?? 0) + 1;
        summary.byRoute[entry.route] = route;
        summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
        if (entry.earlyRetry) summary.earlyRetries += 1;
        if (entry.status === 429) summary.throttled += 1;
        if (entry.fault) summary.faults[entry.fault] = (summary.faults[entry.fault] ?? 0) + 1;
      }
      return summary;
    },
    /** Forgets the entries and the concurrency peak; requests still in flight keep counting. */
    reset(): void {
      entries = [];
      maxConcurrency = inFlight;
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;
