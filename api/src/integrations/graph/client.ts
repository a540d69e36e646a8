import {
  AuthenticationHandler,
  Client,
  GraphError,
  type GraphRequest,
  ResponseType,
} from "@microsoft/microsoft-graph-client";
import { type Clock, realTimer, type Timer } from "../../core/clock";
import type { IdGenerator } from "../../core/ids";
import type { Logger } from "../../core/logger";
import { FetchHandler } from "./fetch-handler";
import {
  type DeltaPage,
  type DeltaRequest,
  DeltaStateLost,
  type DirectoryGraph,
  type GraphGroupDelta,
  GraphRequestFailed,
  type GraphUserDelta,
} from "./port";
import {
  defaultRetryPolicy,
  type GraphCallStats,
  ResilienceHandler,
  type RetryPolicy,
  StatsOption,
  ThrottleGate,
} from "./resilience";
import type { AppTokenProvider } from "./token-provider";
import type { Fetch } from "./transport";

const graphHosts = new Set([
  "graph.microsoft.com",
  "graph.microsoft.us",
  "dod-graph.microsoft.us",
  "microsoftgraph.chinacloudapi.cn",
]);

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com, or the sandbox's https://127.0.0.1:PORT */
  baseUrl: string;
  tokens: AppTokenProvider;
  fetch: Fetch;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  policy?: RetryPolicy;
  requestTimeoutMs?: number;
  /** Real elapsed time for Retry-After waits (the domain clock may be fixed in tests). */
  timer?: Timer;
  random?: () => number;
}

/** The directory's Graph port on the official Graph client, with MSAL tokens and retries. */
export function createGraphClient(options: GraphClientOptions): DirectoryGraph {
  const timer = options.timer ?? realTimer;
  const sleep = (ms: number) => timer.sleep(ms);
  const now = () => timer.now();
  let forceRefresh = false;
  const resilience = new ResilienceHandler({
    gate: new ThrottleGate(now, sleep),
    policy: options.policy ?? defaultRetryPolicy,
    sleep,
    random: options.random ?? Math.random,
    wallClockNow: () => options.clock.now().getTime(),
    newRequestId: () => options.ids.uuid(),
    invalidateToken: () => {
      forceRefresh = true;
    },
    logger: options.logger,
  });
  const auth = new AuthenticationHandler({
    getAccessToken: async () => {
      const refresh = forceRefresh;
      forceRefresh = false;
      return options.tokens.getToken({ forceRefresh: refresh });
    },
  });
  resilience.setNext(auth);
  auth.setNext(new FetchHandler(options.fetch, options.requestTimeoutMs ?? 30_000));

  const base = new URL(options.baseUrl);
  const client = Client.initWithMiddleware({
    middleware: resilience,
    baseUrl: `${base.origin}/`,
    defaultVersion: "v1.0",
    // The client attaches tokens only to Graph hosts and these (host names, without port).
    ...(graphHosts.has(base.hostname) ? {} : { customHosts: new Set([base.hostname]) }),
  });

  const request = (path: string, stats?: GraphCallStats): GraphRequest => {
    const r = client.api(path);
    return stats ? r.middlewareOptions([new StatsOption(stats)]) : r;
  };

  async function delta<T>(
    resource: "users" | "groups",
    input: DeltaRequest,
  ): Promise<DeltaPage<T>> {
    const path = "link" in input.from ? input.from.link : `/${resource}/delta`;
    let r = request(path, input.stats);
    if ("select" in input.from) r = r.select(input.from.select);
    if (input.minimal) r = r.header("Prefer", "return=minimal");
    try {
      const body = (await r.get()) as {
        value?: T[];
        "@odata.nextLink"?: string;
        "@odata.deltaLink"?: string;
      };
      return {
        items: body.value ?? [],
        nextLink: body["@odata.nextLink"] ?? null,
        deltaLink: body["@odata.deltaLink"] ?? null,
      };
    } catch (error) {
      throw translate(error);
    }
  }

  return {
    usersDelta: (input) => delta<GraphUserDelta>("users", input),
    groupsDelta: (input) => delta<GraphGroupDelta>("groups", input),
    async photoMetadata(userId, stats) {
      try {
        const body = (await request(
          `/users/${encodeURIComponent(userId)}/photo`,
          stats,
        ).get()) as Record<string, unknown>;
        const etag = body["@odata.mediaEtag"];
        const contentType = body["@odata.mediaContentType"];
        return typeof etag === "string"
          ? { etag, contentType: typeof contentType === "string" ? contentType : "image/jpeg" }
          : null;
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 404) return null;
        throw translate(error);
      }
    },
    async photoBytes(userId, stats) {
      try {
        const response = (await request(
          `/users/${encodeURIComponent(userId)}/photos/240x240/$value`,
          stats,
        )
          .responseType(ResponseType.RAW)
          .get()) as Response;
        if (response.status === 404) return null;
        if (!response.ok) {
          throw new GraphRequestFailed(
            response.status,
            null,
            response.headers.get("request-id"),
            `photo download failed (${response.status})`,
          );
        }
        return {
          bytes: new Uint8Array(await response.arrayBuffer()),
          contentType: response.headers.get("content-type") ?? "image/jpeg",
        };
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 404) return null;
        throw translate(error);
      }
    },
  };
}

function translate(error: unknown): Error {
  if (!(error instanceof GraphError))
    return error instanceof Error ? error : new Error(String(error));
  if (error.statusCode === 410) {
    return new DeltaStateLost("resync", error.headers?.get("location") ?? null);
  }
  if (error.statusCode === 400 && error.code?.toLowerCase() === "syncstatenotfound") {
    return new DeltaStateLost("expired", null);
  }
  return new GraphRequestFailed(error.statusCode, error.code, error.requestId, error.message);
}
