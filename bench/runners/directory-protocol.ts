/** Messages between the directory suite and its child processes. */

/** How a child reaches the parent's sandbox tenant: as a real tenant, over HTTPS. */
export interface TenantAccess {
  origin: string;
  /** PEM file of the sandbox's local CA (GRAPH_CA_FILE). */
  caFile: string;
  tenantId: string;
}

export interface SyncWorkerInit extends TenantAccess {
  clientId: string;
  clientSecret: string;
  databaseUrl: string;
  /** DATA_DIR: photo blobs land under it. */
  dataDir: string;
}

export interface SyncWorkerReady {
  /** RSS right after startup: modules loaded, runtime wired, migrations checked. */
  startupRss: number;
  pid: number;
}

export interface SyncWorkerRequest {
  op: "sync";
  full: boolean;
  photos: "none" | "changed" | "all";
}

export interface SyncWorkerResult {
  /** The sync threw: its message (the rest says how far it got). */
  error: string | null;
  totalMs: number;
  /** CPU time (user + system) of the sync process during the run. */
  cpuMs: number;
  /** users/delta pages applied (progress reports of the users round). */
  pagesApplied: number;
  /** Until the first progress report after the users round (its sweep and deltaLink included). */
  usersRoundMs: number | null;
  groupsMs: number | null;
  /** The run row (null when the sync failed). */
  run: {
    kind: string;
    pages: number;
    requests: number;
    added: number;
    updated: number;
    removed: number;
    deactivated: number;
    photosFetched: number;
    groupsChanged: number;
    retries: number;
    throttledWaits: number;
  } | null;
  memory: {
    /** RSS when the request arrived. */
    startRss: number;
    endRss: number;
    /** The largest of the 50 ms samples and the per-page readings. */
    sampledPeak: number;
    /** The same, up to the last users page applied (before the round's sweep and the groups round). */
    pagesPeak: number;
    /** RSS when the users round was over (null if it never was). */
    afterUsersRound: number | null;
    /** VmHWM after resetting it at the start of the request (null where unavailable). */
    kernelPeak: number | null;
    /** The largest V8 heapUsed of the 50 ms samples (live objects and not yet collected garbage). */
    heapPeak: number;
    /** RSS right after each users/delta page was applied. */
    pageRss: number[];
    /** When each page was applied, ms since the start. */
    pageMs: number[];
  };
}

export interface CeilingWorkerInit extends TenantAccess {
  /** An app-only Graph token minted by the sandbox issuer. */
  token: string;
  databaseUrl: string;
  select: string[];
}

export interface CeilingWorkerRequest {
  op: "ceiling";
}

export interface CeilingWorkerResult {
  totalMs: number;
  /** The users/delta round, then the groups/delta round. */
  usersMs: number;
  groupsMs: number;
  /** CPU time (user + system) of the ceiling process during the run. */
  cpuMs: number;
  fetchMs: number;
  upsertMs: number;
  /** users/delta pages. */
  pages: number;
  groupPages: number;
  agents: number;
  memberships: number;
}
