import type { IncomingMessage } from "node:http";
import type { Clock } from "../../core/clock";
import type { IdGenerator } from "../../core/ids";
import type { GraphAuthenticator } from "./auth";
import type { FaultInjector } from "./faults";
import type { PhotoStore } from "./photos";
import type { LoggedRoute, RequestLog } from "./request-log";
import type { SandboxClock } from "./sandbox-clock";
import type { GraphSettings } from "./settings";
import type { DirectoryState } from "./state";
import type { Throttle } from "./throttling";

/** Everything the fake Graph shares between its routes and its control API. */
export interface GraphRuntime {
  state: DirectoryState;
  settings: GraphSettings;
  /** The base clock plus the control API's offset: delta token ages. */
  clock: SandboxClock;
  /** Request log timings and throttling windows: what clients actually wait on. */
  realClock: Clock;
  ids: IdGenerator;
  /** Identifies this sandbox's state in its tokens. */
  instance: string;
  authenticate: GraphAuthenticator;
  throttle: Throttle;
  faults: FaultInjector;
  log: RequestLog;
  photos: PhotoStore;
}

/** What one Graph call carries through the middleware to its handler. */
export interface GraphCall {
  requestId: string;
  clientRequestId: string;
  route: LoggedRoute;
  appId: string | null;
  /** A fault or control switch asks this `$skiptoken` request to answer 410 Gone. */
  resyncRequired: boolean;
}

export interface GraphEnv {
  /** Present when served by `@hono/node-server`; absent for in-process `app.request`. */
  Bindings: { incoming?: IncomingMessage };
  Variables: { call: GraphCall };
}
