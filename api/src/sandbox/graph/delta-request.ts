import {
  type DeltaResource,
  type DeltaState,
  decodeDeltaToken,
  decodeSkipToken,
  type RoundScope,
  type SkipState,
} from "./delta-token";
import { graphErrors } from "./errors";
import {
  DEFAULT_GROUP_SELECT,
  DEFAULT_USER_SELECT,
  GROUP_SELECTABLE,
  USER_SELECTABLE,
} from "./properties";

/** The first request of a full round, a `$deltatoken=latest`, a page within a round, or a new round. */
export type DeltaRequest =
  | { kind: "start"; scope: RoundScope }
  | { kind: "latest"; scope: RoundScope }
  | { kind: "continue"; state: SkipState }
  | { kind: "resume"; state: DeltaState };

export interface TokenRules {
  /** Identifies this sandbox's state: tokens from another instance cannot be honoured. */
  instance: string;
  now: number;
  tokenLifetimeMs: number;
}

export interface DeltaPreferences {
  minimal: boolean;
  maxPageSize: number | null;
}

export const MAX_PAGE_SIZE = 200;
const MAX_FILTER_IDS = 50;
const UNSUPPORTED = new Set(["$top", "$orderby", "$count", "$search", "$skip"]);
const ID_EQ = /^id\s+eq\s+'([^']+)'$/i;

const entityType = (resource: DeltaResource) =>
  resource === "users" ? "microsoft.graph.user" : "microsoft.graph.group";

function parseSelect(raw: string | undefined, resource: DeltaResource): string[] {
  if (raw === undefined) {
    return [...(resource === "users" ? DEFAULT_USER_SELECT : DEFAULT_GROUP_SELECT)];
  }
  const known = resource === "users" ? USER_SELECTABLE : GROUP_SELECTABLE;
  const select: string[] = [];
  for (const name of raw.split(",").map((part) => part.trim())) {
    if (name === "") continue;
    if (!known.has(name)) {
      throw graphErrors.badRequest(
        `Could not find a property named '${name}' on type '${entityType(resource)}'.`,
      );
    }
    if (!select.includes(name)) select.push(name);
  }
  return select;
}

/** Delta accepts one filter only: `id eq '…' or id eq '…'`, at most 50 ids. */
function parseFilter(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const ids: string[] = [];
  for (const clause of raw.trim().split(/\s+or\s+/i)) {
    const match = ID_EQ.exec(clause.trim());
    if (!match?.[1]) {
      throw graphErrors.unsupportedQuery(
        "Unsupported query. Delta query supports only filtering by object id: id eq '{id}'.",
      );
    }
    ids.push(match[1].toLowerCase());
  }
  if (ids.length > MAX_FILTER_IDS) {
    throw graphErrors.unsupportedQuery(
      `Unsupported query. At most ${MAX_FILTER_IDS} ids can be filtered in a delta query.`,
    );
  }
  return ids;
}

function checkAge(
  token: { issuedAt: number; instance: string; resource: DeltaResource },
  resource: DeltaResource,
  rules: TokenRules,
) {
  if (token.resource !== resource) throw graphErrors.badRequest("The state token is not valid.");
  if (token.instance !== rules.instance || rules.now - token.issuedAt > rules.tokenLifetimeMs) {
    throw graphErrors.syncStateNotFound();
  }
}

/** Reads a delta request's query options as Graph does; throws the error Graph would answer. */
export function parseDeltaRequest(
  query: URLSearchParams,
  resource: DeltaResource,
  rules: TokenRules,
): DeltaRequest {
  const options = new Map<string, string>();
  for (const [key, value] of query) {
    const name = key.toLowerCase();
    if (UNSUPPORTED.has(name)) {
      throw graphErrors.unsupportedQuery(`The query option '${key}' is not supported with delta.`);
    }
    options.set(name, value);
  }
  const skipToken = options.get("$skiptoken");
  const deltaToken = options.get("$deltatoken");
  const select = options.get("$select");
  const filter = options.get("$filter");
  const stateToken = skipToken ?? (deltaToken?.toLowerCase() === "latest" ? undefined : deltaToken);

  if (skipToken !== undefined && deltaToken !== undefined) {
    throw graphErrors.badRequest("$skiptoken and $deltatoken cannot be used together.");
  }
  if (stateToken !== undefined && (select !== undefined || filter !== undefined)) {
    throw graphErrors.badRequest(
      "Query options are encoded in the state token and cannot be specified again with $skiptoken or $deltatoken.",
    );
  }
  if (skipToken !== undefined) {
    const state = decodeSkipToken(skipToken);
    if (!state) throw graphErrors.badRequest("The $skiptoken is not valid.");
    checkAge(state, resource, rules);
    return { kind: "continue", state };
  }
  if (deltaToken !== undefined && stateToken !== undefined) {
    const state = decodeDeltaToken(deltaToken);
    if (!state) throw graphErrors.badRequest("The $deltatoken is not valid.");
    checkAge(state, resource, rules);
    return { kind: "resume", state };
  }
  const scope: RoundScope = {
    resource,
    select: parseSelect(select, resource),
    filterIds: parseFilter(filter),
  };
  return deltaToken === undefined ? { kind: "start", scope } : { kind: "latest", scope };
}

/** `Prefer: return=minimal, odata.maxpagesize=50` (one header or several). */
export function parsePreferences(header: string | undefined): DeltaPreferences {
  const preferences: DeltaPreferences = { minimal: false, maxPageSize: null };
  for (const part of (header ?? "").split(",")) {
    const [name, value] = part.split("=").map((piece) => piece.trim().toLowerCase());
    if (name === "return" && value === "minimal") preferences.minimal = true;
    if (name === "odata.maxpagesize" && value && /^\d+$/.test(value) && Number(value) > 0) {
      preferences.maxPageSize = Math.min(Number(value), MAX_PAGE_SIZE);
    }
  }
  return preferences;
}

/** The URL a client starts over from: the round's first request, without state. */
export function freshDeltaUrl(origin: string, scope: RoundScope): string {
  const params = [`$select=${scope.select.join(",")}`];
  if (scope.filterIds) {
    const filter = scope.filterIds.map((id) => `id eq '${id}'`).join(" or ");
    params.push(`$filter=${encodeURIComponent(filter)}`);
  }
  return `${origin}/v1.0/${scope.resource}/delta?${params.join("&")}`;
}
