import type { PageCursor, RoundScope } from "./delta-token";
import type { GroupProperty } from "./properties";
import { USER_ODATA_TYPE } from "./properties";
import type { GroupRecord } from "./state";
import { type BuiltPage, isEmptyPageTurn } from "./users-delta";

type DeltaItem = Record<string, unknown>;
type ValueProperty = Exclude<GroupProperty, "id">;

export interface GroupPageOptions {
  pageSize: number;
  /** At most this many `members@delta` entries per page; a larger group spans several pages. */
  memberPageSize: number;
  minimal: boolean;
  emptyPageEvery: number;
}

interface GroupHeader {
  item: DeltaItem;
  /** Member links to report: `null` for the current members, else those changed after it. */
  membersSince: number | null;
}

function groupHeader(
  record: GroupRecord,
  since: number | null,
  properties: ValueProperty[],
  withMembers: boolean,
  minimal: boolean,
): GroupHeader | null {
  const { group, changedAt } = record;
  const item: DeltaItem = {};
  if (since === null || record.createdAt > since) {
    for (const property of properties) {
      if (group[property] !== null) item[property] = group[property];
    }
    item.id = group.id;
    return { item, membersSince: null };
  }
  const changed = properties.filter((property) => (changedAt[property] ?? 0) > since);
  const membersChanged = withMembers && record.membersChangedAt > since;
  if (changed.length === 0 && !membersChanged) return null;
  for (const property of minimal ? changed : properties) {
    const value = group[property];
    if (value !== null || changed.includes(property)) item[property] = value;
  }
  item.id = group.id;
  return { item, membersSince: since };
}

/** Member links from `offset`, at most `budget`; `nextOffset` is where the rest begins. */
function memberChunk(record: GroupRecord, since: number | null, offset: number, budget: number) {
  const links: DeltaItem[] = [];
  for (let index = offset; index < record.memberOrder.length; index++) {
    const id = record.memberOrder[index] as string;
    const entry = record.members.get(id);
    if (!entry) continue;
    const reported = since === null ? entry.present : entry.changedAt > since;
    if (!reported) continue;
    if (links.length === budget) return { links, nextOffset: index };
    links.push(
      entry.present
        ? { "@odata.type": USER_ODATA_TYPE, id }
        : { "@odata.type": USER_ODATA_TYPE, id, "@removed": { reason: "deleted" } },
    );
  }
  return { links, nextOffset: null };
}

/** One page of `groups/delta`; a group with many member changes continues on the next pages. */
export function buildGroupsPage(
  groups: readonly GroupRecord[],
  scope: RoundScope,
  cursor: PageCursor,
  options: GroupPageOptions,
): BuiltPage {
  if (isEmptyPageTurn(cursor.page, options.emptyPageEvery)) {
    return { items: [], next: { ...cursor, page: cursor.page + 1, replay: null } };
  }
  const properties = scope.select.filter(
    (name): name is ValueProperty => name !== "id" && name !== "members",
  );
  const withMembers = scope.select.includes("members");
  const filter = scope.filterIds ? new Set(scope.filterIds) : null;
  const items: DeltaItem[] = [];
  let position = cursor.position;
  let offset = cursor.memberOffset;
  let budget = options.memberPageSize;

  while (position < groups.length && items.length < options.pageSize && budget > 0) {
    const record = groups[position] as GroupRecord;
    const header =
      filter && !filter.has(record.group.id)
        ? null
        : groupHeader(record, cursor.since, properties, withMembers, options.minimal);
    if (!header) {
      position += 1;
      offset = 0;
      continue;
    }
    const item = header.item;
    if (withMembers) {
      const chunk = memberChunk(record, header.membersSince, offset, budget);
      if (chunk.links.length > 0) item["members@delta"] = chunk.links;
      budget -= chunk.links.length;
      if (chunk.nextOffset !== null) {
        items.push(item);
        return {
          items,
          next: { ...cursor, position, memberOffset: chunk.nextOffset, page: cursor.page + 1 },
        };
      }
    }
    items.push(item);
    position += 1;
    offset = 0;
  }
  if (position >= groups.length) return { items, next: null };
  return { items, next: { ...cursor, position, memberOffset: 0, page: cursor.page + 1 } };
}
