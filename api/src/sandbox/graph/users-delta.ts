import type { PageCursor, RoundScope } from "./delta-token";
import { USER_ODATA_TYPE, type UserProperty } from "./properties";
import type { DirectoryState, UserRecord } from "./state";

type DeltaItem = Record<string, unknown>;
type ValueProperty = Exclude<UserProperty, "id">;

export interface PageOptions {
  pageSize: number;
  minimal: boolean;
  duplicates: boolean;
  /** Every `emptyPageEvery + 1`-th page of a round is empty (0: never). */
  emptyPageEvery: number;
}

export interface BuiltPage {
  items: DeltaItem[];
  /** Where the next page starts; `null` ends the round. */
  next: PageCursor | null;
}

export function isEmptyPageTurn(page: number, emptyPageEvery: number): boolean {
  return emptyPageEvery > 0 && page % (emptyPageEvery + 1) === emptyPageEvery;
}

const managerLink = (id: string) => ({ "@odata.type": USER_ODATA_TYPE, id });
const removed = (id: string, reason: "changed" | "deleted") => ({ id, "@removed": { reason } });

/** How one request turns user records into delta items; built once per page, not per user. */
function userRepresenter(scope: RoundScope, since: number | null, minimal: boolean) {
  const properties = scope.select.filter(
    (name): name is ValueProperty => name !== "id" && name !== "manager",
  );
  const withManager = scope.select.includes("manager");
  const filter = scope.filterIds ? new Set(scope.filterIds) : null;

  // Graph leaves out properties that hold no value, unless a round reports them cleared.
  const full = (record: UserRecord): DeltaItem => {
    const { user } = record;
    const item: DeltaItem = {};
    for (const property of properties) {
      const value = user[property];
      if (value !== null) item[property] = value;
    }
    item.id = user.id;
    if (withManager && user.managerId) item["manager@delta"] = [managerLink(user.managerId)];
    return item;
  };

  const changes = (record: UserRecord, after: number): DeltaItem | null => {
    const { user, changedAt } = record;
    const changed = properties.filter((property) => (changedAt[property] ?? 0) > after);
    const managerChanged = withManager && (changedAt.manager ?? 0) > after;
    if (changed.length === 0 && !managerChanged) return null;
    const item: DeltaItem = {};
    for (const property of minimal ? changed : properties) {
      const value = user[property];
      if (value !== null || changed.includes(property)) item[property] = value;
    }
    item.id = user.id;
    if (user.managerId && withManager && (managerChanged || !minimal)) {
      item["manager@delta"] = [managerLink(user.managerId)];
    } else if (managerChanged && record.removedManager) {
      const { id, reason } = record.removedManager;
      item["manager@delta"] = [{ ...managerLink(id), "@removed": { reason } }];
    }
    return item;
  };

  return (record: UserRecord): DeltaItem | null => {
    if (filter && !filter.has(record.user.id)) return null;
    if (since === null) return record.lifecycle === "active" ? full(record) : null;
    if (record.lastChangedAt <= since) return null;
    if (record.lifecycle !== "active") {
      if (record.lifecycleAt <= since) return null;
      return removed(record.user.id, record.lifecycle === "hardDeleted" ? "deleted" : "changed");
    }
    // Created or restored since the token: the client needs the whole object.
    if (record.createdAt > since || record.lifecycleAt > since) return full(record);
    return changes(record, since);
  };
}

/** One page of `users/delta` from `cursor`: current state in a full round, changes otherwise. */
export function buildUsersPage(
  state: DirectoryState,
  scope: RoundScope,
  cursor: PageCursor,
  options: PageOptions,
): BuiltPage {
  if (isEmptyPageTurn(cursor.page, options.emptyPageEvery)) {
    return { items: [], next: { ...cursor, page: cursor.page + 1, replay: null } };
  }
  const represent = userRepresenter(scope, cursor.since, options.minimal);
  const items: DeltaItem[] = [];
  if (cursor.replay !== null) {
    const record = state.users[cursor.replay];
    const item = record ? represent(record) : null;
    if (item) items.push(item);
  }
  let position = cursor.position;
  let firstEmitted: number | null = null;
  while (position < state.users.length && items.length < options.pageSize) {
    const index = position++;
    const record = state.users[index];
    const item = record ? represent(record) : null;
    if (!item) continue;
    items.push(item);
    firstEmitted ??= index;
  }
  if (position >= state.users.length) return { items, next: null };
  return {
    items,
    next: {
      ...cursor,
      position,
      page: cursor.page + 1,
      replay: options.duplicates ? firstEmitted : null,
    },
  };
}
