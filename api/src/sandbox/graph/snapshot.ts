import type { PhotoStore } from "./photos";
import { type GraphUser, USER_PROPERTIES } from "./properties";
import type { DirectoryState } from "./state";

export interface SnapshotUser extends GraphUser {
  /** `@odata.mediaEtag` of the user's photo, or null without one. */
  photoEtag: string | null;
}

export interface SnapshotGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  memberIds: string[];
}

/** The tenant as Graph would serve it with every property selected: what a full sync must yield. */
export interface SandboxGraphSnapshot {
  users: SnapshotUser[];
  groups: SnapshotGroup[];
}

export function takeSnapshot(state: DirectoryState, photos: PhotoStore): SandboxGraphSnapshot {
  const users: SnapshotUser[] = [];
  for (const record of state.users) {
    if (record.lifecycle !== "active") continue;
    const user = Object.fromEntries(
      USER_PROPERTIES.map((property) => [property, structuredClone(record.user[property])]),
    ) as Omit<GraphUser, "managerId">;
    users.push({
      ...user,
      managerId: record.user.managerId,
      photoEtag: photos.metadata(record.user.id)?.etag ?? null,
    });
  }
  const groups = state.groups.map(
    (record): SnapshotGroup => ({
      ...record.group,
      memberIds: record.memberOrder.filter((id) => record.members.get(id)?.present),
    }),
  );
  return { users, groups };
}
