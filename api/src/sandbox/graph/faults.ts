import { createRandom, type Random } from "../directory/random";
import { controlInvalid } from "./control-error";
import type { FaultKind, GraphRoute } from "./request-log";

export type FaultTarget = GraphRoute | "all";

export const FAULT_KINDS = [
  "429",
  "500",
  "502",
  "503",
  "504",
  "reset",
  "gone",
  "tokenExpired",
] as const satisfies readonly FaultKind[];

export interface FaultConfig {
  route: FaultTarget;
  /** Probability of each fault per request; they must add up to at most 1. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Added before answering: a fixed delay, or one drawn uniformly in [min, max]. */
  latencyMs?: number | { min: number; max: number };
  /** Retry-After given with 429 and 503 (default 1). */
  retryAfterSeconds?: number;
}

export interface FaultDecision {
  latencyMs: number;
  fault: FaultKind | null;
  retryAfterSeconds: number;
}

interface QueuedFault {
  route: FaultTarget;
  kind: FaultKind;
  remaining: number;
}

const ROUTES: readonly GraphRoute[] = ["users/delta", "groups/delta", "photo"];

function routeSeed(seed: number, route: GraphRoute): number {
  let hash = seed >>> 0;
  for (let i = 0; i < route.length; i++) hash = Math.imul(hash ^ route.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function validate(config: FaultConfig): void {
  const rates = Object.entries(config.rates ?? {});
  let total = 0;
  for (const [kind, rate] of rates) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind))
      throw controlInvalid(`Unknown fault '${kind}'.`);
    if (typeof rate !== "number" || rate < 0 || rate > 1) {
      throw controlInvalid(`The rate of '${kind}' must be between 0 and 1.`);
    }
    total += rate;
  }
  if (total > 1 + 1e-9) throw controlInvalid("Fault rates must add up to at most 1.");
  const latency = config.latencyMs;
  const bounds =
    typeof latency === "number" ? [latency, latency] : [latency?.min ?? 0, latency?.max ?? 0];
  if (bounds.some((value) => !(value >= 0)) || (bounds[0] ?? 0) > (bounds[1] ?? 0)) {
    throw controlInvalid("latencyMs must be a non-negative number or a { min <= max } range.");
  }
}

/**
 * Seeded fault injection: each route draws from its own generator, so the n-th request of a
 * route meets the same fault for the same seed and configuration, whatever other routes do.
 */
export function createFaultInjector(seed: number) {
  const configs = new Map<FaultTarget, FaultConfig>();
  const generators = new Map<GraphRoute, Random>();
  let queue: QueuedFault[] = [];

  const resetGenerators = () => {
    for (const route of ROUTES) generators.set(route, createRandom(routeSeed(seed, route)));
  };
  resetGenerators();

  const takeQueued = (route: GraphRoute, continuation: boolean): FaultKind | null => {
    const index = queue.findIndex(
      (item) =>
        (item.route === route || item.route === "all") && (item.kind !== "gone" || continuation),
    );
    const item = queue[index];
    if (!item) return null;
    item.remaining -= 1;
    if (item.remaining <= 0) queue.splice(index, 1);
    return item.kind;
  };

  return {
    /** Replaces the configuration of `config.route` and restarts every route's draws from the seed. */
    configure(config: FaultConfig): void {
      validate(config);
      configs.set(config.route, structuredClone(config));
      resetGenerators();
    },
    /** The next `count` requests of `route` get `kind` (`gone` waits for a `$skiptoken` request). */
    enqueue(route: FaultTarget, kind: FaultKind, count = 1): void {
      if (!(FAULT_KINDS as readonly string[]).includes(kind))
        throw controlInvalid(`Unknown fault '${kind}'.`);
      if (!Number.isInteger(count) || count < 1)
        throw controlInvalid("count must be a positive integer.");
      queue.push({ route, kind, remaining: count });
    },
    clear(): void {
      configs.clear();
      queue = [];
      resetGenerators();
    },
    decide(route: GraphRoute, continuation: boolean): FaultDecision {
      const config = configs.get(route) ?? configs.get("all");
      const random = generators.get(route) as Random;
      const retryAfterSeconds = config?.retryAfterSeconds ?? 1;
      let latencyMs = 0;
      let fault: FaultKind | null = null;
      if (config) {
        const latency = config.latencyMs ?? 0;
        latencyMs =
          typeof latency === "number"
            ? latency
            : latency.min + Math.floor(random.next() * (latency.max - latency.min + 1));
        let draw = random.next();
        for (const kind of FAULT_KINDS) {
          const rate = config.rates?.[kind] ?? 0;
          if (draw < rate) {
            fault = kind;
            break;
          }
          draw -= rate;
        }
        // A round can only be reset mid-way: a first page has no round to lose.
        if (fault === "gone" && !continuation) fault = null;
      }
      return { latencyMs, fault: takeQueued(route, continuation) ?? fault, retryAfterSeconds };
    },
  };
}

export type FaultInjector = ReturnType<typeof createFaultInjector>;
