export type DeltaResource = "users" | "groups";

/** What a round tracks: fixed by its first request, carried by every token after it. */
export interface RoundScope {
  resource: DeltaResource;
  select: string[];
  filterIds: string[] | null;
}

/** Where a round stands: the state a `$skiptoken` carries. */
export interface PageCursor {
  /** Changes after this version are reported; `null` is a full round (current state). */
  since: number | null;
  /** The directory version when the round began: the next round starts from it. */
  upTo: number;
  /** Index in the creation-ordered users or groups. */
  position: number;
  /** For groups: index in the current group's member order. */
  memberOffset: number;
  /** Pages served so far in this round. */
  page: number;
  /** A user index to emit once more at the top of the next page (duplicates option). */
  replay: number | null;
}

export interface SkipState extends RoundScope, PageCursor {
  issuedAt: number;
  instance: string;
}

export interface DeltaState extends RoundScope {
  since: number;
  issuedAt: number;
  instance: string;
}

interface WireSkip {
  k: "s";
  r: DeltaResource;
  s: string[];
  f: string[] | null;
  b: number | null;
  u: number;
  p: number;
  o: number;
  n: number;
  d: number | null;
  i: number;
  e: string;
}

interface WireDelta {
  k: "d";
  r: DeltaResource;
  s: string[];
  f: string[] | null;
  b: number;
  i: number;
  e: string;
}

const encode = (wire: WireSkip | WireDelta) =>
  Buffer.from(JSON.stringify(wire), "utf8").toString("base64url");

function decode(token: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isInt = (value: unknown): value is number => Number.isSafeInteger(value);
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
const isResource = (value: unknown): value is DeltaResource =>
  value === "users" || value === "groups";

/** Opaque to clients: base64url JSON. */
export function encodeSkipToken(state: SkipState): string {
  return encode({
    k: "s",
    r: state.resource,
    s: state.select,
    f: state.filterIds,
    b: state.since,
    u: state.upTo,
    p: state.position,
    o: state.memberOffset,
    n: state.page,
    d: state.replay,
    i: state.issuedAt,
    e: state.instance,
  });
}

export function encodeDeltaToken(state: DeltaState): string {
  return encode({
    k: "d",
    r: state.resource,
    s: state.select,
    f: state.filterIds,
    b: state.since,
    i: state.issuedAt,
    e: state.instance,
  });
}

export function decodeSkipToken(token: string): SkipState | null {
  const w = decode(token);
  if (w?.k !== "s" || !isResource(w.r) || !isStrings(w.s) || typeof w.e !== "string") {
    return null;
  }
  const filterOk = w.f === null || isStrings(w.f);
  const sinceOk = w.b === null || isInt(w.b);
  const replayOk = w.d === null || isInt(w.d);
  if (!filterOk || !sinceOk || !replayOk || ![w.u, w.p, w.o, w.n, w.i].every(isInt)) return null;
  return {
    resource: w.r,
    select: w.s,
    filterIds: w.f as string[] | null,
    since: w.b as number | null,
    upTo: w.u as number,
    position: w.p as number,
    memberOffset: w.o as number,
    page: w.n as number,
    replay: w.d as number | null,
    issuedAt: w.i as number,
    instance: w.e,
  };
}

export function decodeDeltaToken(token: string): DeltaState | null {
  const w = decode(token);
  if (w?.k !== "d" || !isResource(w.r) || !isStrings(w.s) || typeof w.e !== "string") {
    return null;
  }
  if (!(w.f === null || isStrings(w.f)) || !isInt(w.b) || !isInt(w.i)) return null;
  return {
    resource: w.r,
    select: w.s,
    filterIds: w.f as string[] | null,
    since: w.b,
    issuedAt: w.i,
    instance: w.e,
  };
}
