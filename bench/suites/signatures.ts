/**
 * The signatures suite:
 *  - `GET /api/signatures/me` as the add-in asks it (valid tokens of 200 agents, rotated, with
 *    `?variant=new&mailbox=<own address>`; a banner campaign running)
 *    at 64 concurrent connections, against a bare Hono route returning a constant on the same
 *    HTTP server (the ceiling), both driven by autocannon from this process while the server runs
 *    in a child (bench/runners/signatures-server.ts);
 *  - the bulk render of every agent of a 50,000-agent tenant, against loading those agents alone.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { startWorker } from "../lib/child";
import { createThrowawayDatabase } from "../lib/postgres";
import { type BenchRow, row } from "../lib/report";
import type { Suite, SuiteContext } from "../lib/suite";
import type {
  BulkResult,
  SignatureServerReady,
  SignatureServerRequest,
} from "../runners/signatures-protocol";

const serverRunner = new URL("../runners/signatures-server.ts", import.meta.url);
const CONNECTIONS = 64;
const ADDIN_ACCEPT_ENCODING = "gzip, deflate, br, zstd";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const best = (values: number[]) => Math.min(...values);

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

/** What the Outlook add-in sends: each agent's token and query, the ETag it kept (if any). */
interface AddinCalls {
  tokens: string[];
  queries: string[];
  /** `etags[i]`, when given, goes with `tokens[i]` as If-None-Match (the add-in's warm call). */
  etags?: string[];
}

async function load(url: string, seconds: number, calls?: AddinCalls): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    ...(calls
      ? {
          requests: [
            {
              setupRequest: (request) => {
                const index = next % calls.tokens.length;
                next += 1;
                const etag = calls.etags?.[index];
                return {
                  ...request,
                  path: `${request.path}?${calls.queries[index]}`,
                  headers: {
                    ...request.headers,
                    // What the add-in's webview (Edge WebView2, Safari) sends with every call.
                    "accept-encoding": ADDIN_ACCEPT_ENCODING,
                    authorization: `Bearer ${calls.tokens[index]}`,
                    ...(etag ? { "if-none-match": etag } : {}),
                  },
                };
              },
            },
          ],
        }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    requests: result.requests.total,
  };
}

async function withServer<T>(
  ctx: SuiteContext,
  agentCount: number,
  fn: (ready: SignatureServerReady, bulk: (repeats: number) => Promise<BulkResult>) => Promise<T>,
): Promise<T> {
  const db = await createThrowawayDatabase(ctx.adminUrl, "signatures");
  const dataDir = await mkdtemp(join(tmpdir(), "relais-bench-signatures-"));
  const worker = startWorker<SignatureServerRequest, BulkResult>(serverRunner, {
    databaseUrl: db.url,
    dataDir,
    agentCount,
    tokenCount: 200,
  });
  try {
    const ready = (await worker.ready) as SignatureServerReady;
    ctx.log(`    ${fmt(agentCount)} agents synced in ${(ready.syncMs / 1000).toFixed(1)} s`);
    return await fn(ready, (repeats) => worker.call({ op: "bulk", repeats }));
  } finally {
    await worker.stop();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const signaturesSuite: Suite = {
  name: "signatures",
  description:
    "GET /api/signatures/me at 64 connections against a bare Hono route on the same server, and the bulk render of every agent",
  async run(ctx) {
    const seconds = ctx.quick ? 3 : 10;
    const rows: BenchRow[] = [];
    const details: Record<string, unknown> = { connections: CONNECTIONS, seconds };

    ctx.log("  /api/signatures/me under load (2,000-agent tenant)");
    const http = await withServer(ctx, 2000, async (ready) => {
      // Warm-up: JIT, connection pools, the JWKS cache, compiled templates.
      await load(`${ready.url}/__bench/constant`, 2);
      const calls: AddinCalls = { tokens: ready.tokens, queries: ready.queries };
      await load(`${ready.url}/api/signatures/me`, 2, calls);
      const ceiling = await load(`${ready.url}/__bench/constant`, seconds);
      ctx.log(
        `    ceiling: ${fmt(ceiling.requestsPerSecond)} req/s, p50 ${ceiling.p50} ms, p99 ${ceiling.p99} ms`,
      );
      // The same route asked exactly as /me is (tokens, query, Accept-Encoding): what the load
      // generator's own work on those requests leaves of the ceiling, on the shared cores.
      const ceilingLoaded = await load(`${ready.url}/__bench/constant`, seconds, calls);
      ctx.log(
        `    ceiling with /me's requests: ${fmt(ceilingLoaded.requestsPerSecond)} req/s, p99 ${ceilingLoaded.p99} ms`,
      );
      const health = await load(`${ready.url}/healthz`, seconds);
      ctx.log(
        `    /healthz: ${fmt(health.requestsPerSecond)} req/s, p50 ${health.p50} ms, p99 ${health.p99} ms`,
      );
      const me = await load(`${ready.url}/api/signatures/me`, seconds, calls);
      ctx.log(
        `    /me: ${fmt(me.requestsPerSecond)} req/s, p50 ${me.p50} ms, p99 ${me.p99} ms, non-2xx ${me.non2xx}, errors ${me.errors}`,
      );
      // What the add-in mostly sends: the ETag of the signature it has cached.
      const etags = await Promise.all(
        ready.tokens.map(async (token, index) => {
          const response = await fetch(`${ready.url}/api/signatures/me?${ready.queries[index]}`, {
            headers: { authorization: `Bearer ${token}`, "accept-encoding": ADDIN_ACCEPT_ENCODING },
          });
          await response.arrayBuffer();
          return response.headers.get("etag") ?? "";
        }),
      );
      const revalidated = await load(`${ready.url}/api/signatures/me`, seconds, {
        ...calls,
        etags,
      });
      ctx.log(
        `    /me with If-None-Match: ${fmt(revalidated.requestsPerSecond)} req/s, p99 ${revalidated.p99} ms, non-2xx ${revalidated.non2xx} (304 expected), errors ${revalidated.errors}`,
      );
      return { ceiling, ceilingLoaded, health, me, revalidated };
    });
    details.http = http;
    const { ceiling, ceilingLoaded, health, me, revalidated } = http;
    const valid = me.non2xx === 0 && me.errors === 0;
    rows.push(
      row({
        name: `GET /api/signatures/me, ${CONNECTIONS} connections: throughput`,
        value: valid ? me.requestsPerSecond : null,
        unit: "req/s",
        baseline: ceiling.requestsPerSecond,
        baselineOf: "a bare Hono route returning a constant on the same HTTP server, same run",
        better: "higher",
        target: ">= 0.5 of the ceiling",
        met: valid && me.requestsPerSecond / ceiling.requestsPerSecond >= 0.5,
        note: valid
          ? `${fmt(me.requests)} requests in ${seconds} s, as the add-in asks (?variant=new&mailbox=<own address>), tokens of 200 agents rotated, a banner campaign running (impressions counted)`
          : `${me.non2xx} non-2xx answers and ${me.errors} errors: not a valid measurement`,
      }),
      row({
        name: `GET /api/signatures/me, ${CONNECTIONS} connections: p99 latency`,
        value: valid ? me.p99 : null,
        unit: "ms",
        baseline: ceiling.p99,
        baselineOf: "p99 of the bare route, same run",
        better: "lower",
        target: "<= 20 ms",
        met: valid && me.p99 <= 20,
        note: `p50 ${me.p50} ms (ceiling p50 ${ceiling.p50} ms)`,
      }),
      row({
        name: `GET /api/signatures/me with If-None-Match (304), ${CONNECTIONS} connections: throughput`,
        // Every answer is a 304, which autocannon counts as non-2xx: only errors invalidate it.
        value:
          revalidated.errors === 0 && revalidated.non2xx === revalidated.requests
            ? revalidated.requestsPerSecond
            : null,
        unit: "req/s",
        baseline: ceiling.requestsPerSecond,
        baselineOf: "the bare route, same run: the add-in's warm call, its cached ETag still good",
        better: "higher",
        note: `p99 ${revalidated.p99} ms; ${fmt(revalidated.requests)} requests, ${fmt(revalidated.non2xx)} answered 304`,
      }),
      row({
        name: `the bare route asked with /me's requests, ${CONNECTIONS} connections (diagnostic)`,
        value: ceilingLoaded.errors === 0 ? ceilingLoaded.requestsPerSecond : null,
        unit: "req/s",
        baseline: ceiling.requestsPerSecond,
        baselineOf:
          "the bare route asked plainly: what building and reading the add-in's requests costs the load generator on the shared cores",
        better: "higher",
        note: `/me is ${(me.requestsPerSecond / ceilingLoaded.requestsPerSecond).toFixed(2)} of it`,
      }),
      row({
        name: `GET /healthz through the API's middleware, ${CONNECTIONS} connections (diagnostic)`,
        value: health.requestsPerSecond,
        unit: "req/s",
        baseline: ceiling.requestsPerSecond,
        baselineOf: "the bare route: what request id, access log, security headers and CORS cost",
        better: "higher",
      }),
    );

    const agents = ctx.quick ? 5000 : 50_000;
    ctx.log(`  bulk render (${fmt(agents)}-agent tenant)`);
    const bulk = await withServer(ctx, agents, async (_ready, run) => run(3));
    details.bulk = bulk;
    ctx.log(
      `    render ${bulk.renderMs.map((ms) => fmt(ms)).join(" / ")} ms, whole export document ${bulk.exportMs.map((ms) => fmt(ms)).join(" / ")} ms, load alone ${bulk.loadMs.map((ms) => fmt(ms)).join(" / ")} ms, ${fmt(bulk.rendered)} rendered (${fmt(bulk.averageCharacters)} characters on average)`,
    );
    rows.push(
      row({
        name: `bulk render of ${fmt(agents)} agents`,
        value: best(bulk.renderMs) / 1000,
        unit: "s",
        baseline: best(bulk.loadMs) / 1000,
        baselineOf:
          "loading the same agents (effective profiles, groups, managers) alone, same run",
        better: "lower",
        ...(ctx.quick ? {} : { target: "<= 2 s", met: best(bulk.renderMs) <= 2000 }),
        note: `best of ${bulk.renderMs.length}; ${fmt(bulk.rendered)} signatures rendered and taken one at a time, ${bulk.unsigned} agents without a template`,
      }),
      row({
        name: `bulk export document of ${fmt(agents)} agents (GET /api/signatures/bulk without the socket)`,
        value: best(bulk.exportMs) / 1000,
        unit: "s",
        baseline: best(bulk.loadMs) / 1000,
        baselineOf: "loading the same agents alone, same run",
        better: "lower",
        note: `best of ${bulk.exportMs.length}; ${fmt(bulk.documentCharacters)} characters of JSON, written in 64 K chunks`,
      }),
    );
    return { rows, details };
  },
};
