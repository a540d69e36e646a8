import { Hono } from "hono";
import type { Clock } from "../../core/clock";
import { systemClock } from "../../core/clock";
import type { IdGenerator } from "../../core/ids";
import type { SandboxDirectory } from "../directory";
import type { SigningKeyStore } from "../keys";
import { createGraphAuthenticator } from "./auth";
import { createControl, type SandboxGraphControl } from "./control";
import { controlRoutes } from "./control.routes";
import { createFaultInjector } from "./faults";
import { graphRoutes } from "./graph.routes";
import { createPhotoStore } from "./photos";
import { createRequestLog } from "./request-log";
import type { GraphRuntime } from "./runtime";
import { createSandboxClock } from "./sandbox-clock";
import { defaultSettings } from "./settings";
import { createDirectoryState } from "./state";
import { createThrottle } from "./throttling";

export type { NewSandboxUser, SandboxGraphControl } from "./control";
export { SandboxControlError } from "./control-error";
export type { FaultConfig, FaultTarget } from "./faults";
export type { GroupInput, GroupPatch } from "./group-mutations";
export type { PhotoUpdate } from "./photos";
export type { GraphUser, GraphUserPatch } from "./properties";
export type {
  FaultKind,
  GraphRoute,
  LoggedRoute,
  RequestLogEntry,
  RequestSummary,
} from "./request-log";
export type { DeltaOptions, GraphSettings, PageSizes } from "./settings";
export type { SandboxGraphSnapshot, SnapshotGroup, SnapshotUser } from "./snapshot";
export type { ThrottleConfig } from "./throttling";

export interface SandboxGraphOptions {
  /** Initial state; deep-copied, the caller's object is never changed. */
  directory: SandboxDirectory;
  /** Verifies access tokens: RS256, kid among `keys.published()`. */
  keys: SigningKeyStore;
  /** Expected `iss` of access tokens. */
  issuer: string;
  /** The issuer's clock; the sandbox adds its own controllable offset for delta token ages. */
  clock: Clock;
  ids: IdGenerator;
  /** Fault injection and generated photos are deterministic from it. Default 1. */
  seed?: number;
  /** users/delta page size, 1..200, default 100. */
  pageSize?: number;
  /** Request log timings and throttling windows; defaults to the system clock. */
  realClock?: Clock;
}

export interface SandboxGraph {
  /** `/v1.0/...` (Graph) and `/_sandbox/graph/...` (control). */
  app: Hono;
  control: SandboxGraphControl;
}

/** A faithful stand-in for the Microsoft Graph endpoints Relais uses, over the seeded tenant. */
export function createSandboxGraph(options: SandboxGraphOptions): SandboxGraph {
  const seed = options.seed ?? 1;
  const realClock = options.realClock ?? systemClock;
  const state = createDirectoryState(options.directory);
  const runtime: GraphRuntime = {
    state,
    settings: defaultSettings(options.pageSize),
    clock: createSandboxClock(options.clock),
    realClock,
    ids: options.ids,
    instance: options.ids.uuid().slice(0, 8),
    authenticate: createGraphAuthenticator({
      keys: options.keys,
      issuer: options.issuer,
      clock: options.clock,
    }),
    throttle: createThrottle(realClock),
    faults: createFaultInjector(seed),
    log: createRequestLog(realClock),
    photos: createPhotoStore(
      seed,
      state.users.filter((record) => record.user.hasPhoto).map((record) => record.user.id),
    ),
  };
  const control = createControl(runtime);
  const app = new Hono();
  app.route("/", graphRoutes(runtime));
  app.route("/_sandbox/graph", controlRoutes(control));
  return { app, control };
}
