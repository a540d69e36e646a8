import type { IdGenerator } from "../../core/ids";
import { controlInvalid, controlNotFound } from "./control-error";
import type { TrackedGroupProperty } from "./properties";
import { type DirectoryState, type GroupData, type GroupRecord, nextVersion } from "./state";

export interface GroupInput {
  displayName: string;
  mailNickname?: string;
  description?: string | null;
  memberIds?: string[];
}

export type GroupPatch = Partial<Pick<GroupData, "displayName" | "description" | "mailNickname">>;

/** Links or unlinks `userId`; a no-op when the link is already in that state. */
export function setMembership(
  state: DirectoryState,
  group: GroupRecord,
  userId: string,
  present: boolean,
): boolean {
  const entry = group.members.get(userId);
  if ((entry?.present ?? false) === present) return false;
  const version = nextVersion(state);
  if (!entry) group.memberOrder.push(userId);
  group.members.set(userId, { present, changedAt: version });
  group.membersChangedAt = version;
  group.lastChangedAt = version;
  return true;
}

function groupOf(state: DirectoryState, id: string): GroupRecord {
  const group = state.groupsById.get(id);
  if (!group) throw controlNotFound("Group", id);
  return group;
}

function assertActiveUser(state: DirectoryState, userId: string) {
  if (state.usersById.get(userId)?.lifecycle !== "active") throw controlNotFound("User", userId);
}

export function createGroup(
  state: DirectoryState,
  ids: IdGenerator,
  input: GroupInput,
): GroupData & { memberIds: string[] } {
  const memberIds = input.memberIds ?? [];
  for (const userId of memberIds) assertActiveUser(state, userId);
  const version = nextVersion(state);
  const group: GroupRecord = {
    group: {
      id: ids.uuid(),
      displayName: input.displayName,
      description: input.description ?? null,
      mailNickname: input.mailNickname ?? input.displayName.toLowerCase().replace(/\W+/g, "-"),
    },
    createdAt: version,
    changedAt: {},
    lastChangedAt: version,
    memberOrder: [],
    members: new Map(),
    membersChangedAt: version,
  };
  state.groups.push(group);
  state.groupsById.set(group.group.id, group);
  for (const userId of memberIds) setMembership(state, group, userId, true);
  return { ...group.group, memberIds: [...memberIds] };
}

export function updateGroup(state: DirectoryState, id: string, patch: GroupPatch): void {
  const group = groupOf(state, id);
  const changed: TrackedGroupProperty[] = [];
  for (const property of ["displayName", "description", "mailNickname"] as const) {
    const value = patch[property];
    if (value === undefined || group.group[property] === value) continue;
    (group.group as Record<TrackedGroupProperty, string | null>)[property] = value;
    changed.push(property);
  }
  if (changed.length === 0) return;
  const version = nextVersion(state);
  for (const property of changed) group.changedAt[property] = version;
  group.lastChangedAt = version;
}

export function addGroupMember(state: DirectoryState, groupId: string, userId: string): void {
  const group = groupOf(state, groupId);
  assertActiveUser(state, userId);
  setMembership(state, group, userId, true);
}

export function removeGroupMember(state: DirectoryState, groupId: string, userId: string): void {
  const group = groupOf(state, groupId);
  if (!group.members.get(userId)?.present) {
    throw controlInvalid(`User '${userId}' is not a member of group '${groupId}'.`);
  }
  setMembership(state, group, userId, false);
}
