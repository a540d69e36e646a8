import type { SandboxDirectory, SandboxUser } from "../directory";
import type { TrackedGroupProperty, TrackedUserProperty } from "./properties";

export type Lifecycle = "active" | "softDeleted" | "hardDeleted";

/**
 * A user and the directory version at which each of its properties last changed: a delta round
 * compares these counters with the version its token carries, never snapshots.
 */
export interface UserRecord {
  user: SandboxUser;
  lifecycle: Lifecycle;
  createdAt: number;
  lifecycleAt: number;
  changedAt: Partial<Record<TrackedUserProperty, number>>;
  /** The largest of the versions above: lets a round skip an untouched user at once. */
  lastChangedAt: number;
  /** The manager link last taken away, reported in `manager@delta` until a new one is set. */
  removedManager: { id: string; reason: "changed" | "deleted" } | null;
  /** Groups the user left when moved to deleted items, rejoined on restore. */
  suspendedGroupIds: string[];
}

export interface GroupData {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
}

export interface MemberEntry {
  present: boolean;
  changedAt: number;
}

export interface GroupRecord {
  group: GroupData;
  createdAt: number;
  changedAt: Partial<Record<TrackedGroupProperty, number>>;
  lastChangedAt: number;
  /** Every user ever linked, in first-link order; positions never move, so page cursors hold. */
  memberOrder: string[];
  members: Map<string, MemberEntry>;
  membersChangedAt: number;
}

export interface DirectoryState {
  tenantId: string;
  domain: string;
  /** Creation order; hard-deleted users stay as tombstones so rounds can report them. */
  users: UserRecord[];
  usersById: Map<string, UserRecord>;
  groups: GroupRecord[];
  groupsById: Map<string, GroupRecord>;
  /** Bumped by every change; the seeded tenant is version 0. */
  version: number;
}

/** A deep copy of `directory` as version 0 of the sandbox's own state. */
export function createDirectoryState(directory: SandboxDirectory): DirectoryState {
  const users = structuredClone(directory.users).map(
    (user): UserRecord => ({
      user,
      lifecycle: "active",
      createdAt: 0,
      lifecycleAt: 0,
      changedAt: {},
      lastChangedAt: 0,
      removedManager: null,
      suspendedGroupIds: [],
    }),
  );
  const groups = directory.groups.map(
    (group): GroupRecord => ({
      group: {
        id: group.id,
        displayName: group.displayName,
        description: group.description,
        mailNickname: group.mailNickname,
      },
      createdAt: 0,
      changedAt: {},
      lastChangedAt: 0,
      memberOrder: [...group.memberIds],
      members: new Map(group.memberIds.map((id) => [id, { present: true, changedAt: 0 }])),
      membersChangedAt: 0,
    }),
  );
  return {
    tenantId: directory.tenantId,
    domain: directory.domain,
    users,
    usersById: new Map(users.map((record) => [record.user.id, record])),
    groups,
    groupsById: new Map(groups.map((record) => [record.group.id, record])),
    version: 0,
  };
}

export function nextVersion(state: DirectoryState): number {
  state.version += 1;
  return state.version;
}

export function activeUser(state: DirectoryState, idOrUpn: string): UserRecord | undefined {
  const byId = state.usersById.get(idOrUpn);
  const record =
    byId ??
    state.users.find(
      (candidate) => candidate.user.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase(),
    );
  return record?.lifecycle === "active" ? record : undefined;
}
