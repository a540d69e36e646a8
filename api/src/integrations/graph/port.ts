import type { GraphCallStats } from "./resilience";

/** A user as users/delta returns it: only selected properties, absent = unchanged. */
export interface GraphUserDelta {
  id: string;
  "@removed"?: { reason: "changed" | "deleted" | string };
  "manager@delta"?: { id: string; "@removed"?: { reason: string } }[];
  [property: string]: unknown;
}

export interface GraphGroupDelta {
  id: string;
  "@removed"?: { reason: string };
  "members@delta"?: { id: string; "@odata.type"?: string; "@removed"?: { reason: string } }[];
  [property: string]: unknown;
}

export interface DeltaPage<T> {
  items: T[];
  nextLink: string | null;
  deltaLink: string | null;
}

export interface PhotoMetadata {
  etag: string;
  contentType: string;
}

/** Graph answered that the delta state is gone (expired token or 410 resync): start over. */
export class DeltaStateLost extends Error {
  constructor(
    readonly reason: "expired" | "resync",
    readonly restartUrl: string | null,
  ) {
    super(`delta state lost (${reason})`);
    this.name = "DeltaStateLost";
  }
}

/** A Graph failure that retries could not overcome. */
export class GraphRequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly requestId: string | null,
    message: string,
  ) {
    super(message);
    this.name = "GraphRequestFailed";
  }
}

export interface DeltaRequest {
  /** A nextLink or deltaLink to follow as is, or the resource and $select for a fresh round. */
  from: { link: string } | { select: string[] };
  /** `Prefer: return=minimal`: changed properties only in incremental rounds. */
  minimal: boolean;
  stats?: GraphCallStats;
}

/** The part of Microsoft Graph the directory needs. Implemented by the real Graph client only. */
export interface DirectoryGraph {
  usersDelta(request: DeltaRequest): Promise<DeltaPage<GraphUserDelta>>;
  groupsDelta(request: DeltaRequest): Promise<DeltaPage<GraphGroupDelta>>;
  /** null when the user has no photo (any 404). */
  photoMetadata(userId: string, stats?: GraphCallStats): Promise<PhotoMetadata | null>;
  photoBytes(
    userId: string,
    stats?: GraphCallStats,
  ): Promise<{ bytes: Uint8Array; contentType: string } | null>;
}
