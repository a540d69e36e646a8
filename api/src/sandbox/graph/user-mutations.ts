import type { IdGenerator } from "../../core/ids";
import type { SandboxUser } from "../directory";
import { controlInvalid, controlNotFound } from "./control-error";
import { setMembership } from "./group-mutations";
import {
  type GraphUserPatch,
  type TrackedUserProperty,
  USER_PROPERTIES,
  type UserProperty,
} from "./properties";
import { type DirectoryState, nextVersion, type UserRecord } from "./state";

const NOT_NULLABLE: ReadonlySet<UserProperty> = new Set([
  "displayName",
  "userPrincipalName",
  "businessPhones",
  "accountEnabled",
  "userType",
]);

function stamp(state: DirectoryState, record: UserRecord, properties: TrackedUserProperty[]) {
  if (properties.length === 0) return;
  const version = nextVersion(state);
  for (const property of properties) record.changedAt[property] = version;
  record.lastChangedAt = version;
}

function recordOf(state: DirectoryState, id: string): UserRecord {
  const record = state.usersById.get(id);
  if (!record || record.lifecycle === "hardDeleted") throw controlNotFound("User", id);
  return record;
}

function activeRecord(state: DirectoryState, id: string): UserRecord {
  const record = recordOf(state, id);
  if (record.lifecycle !== "active") {
    throw controlInvalid(`User '${id}' is in deleted items; restore it first.`);
  }
  return record;
}

function assertManager(state: DirectoryState, userId: string, managerId: string) {
  if (managerId === userId) throw controlInvalid("A user cannot be their own manager.");
  activeRecord(state, managerId);
}

/** Entra refuses a second account with the same sign-in name, deleted items included. */
function assertFreePrincipalName(state: DirectoryState, upn: string, ownerId: string | null) {
  const wanted = upn.toLowerCase();
  const taken = state.users.some(
    (record) =>
      record.lifecycle !== "hardDeleted" &&
      record.user.id !== ownerId &&
      record.user.userPrincipalName.toLowerCase() === wanted,
  );
  if (taken) throw controlInvalid(`Another user already has userPrincipalName '${upn}'.`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((item, index) => item === b[index])
    : a === b;
}

/** A new user (id generated), with Graph's defaults for whatever `input` leaves out. */
export function createUser(
  state: DirectoryState,
  ids: IdGenerator,
  input: Partial<Omit<SandboxUser, "id">>,
): SandboxUser {
  const id = ids.uuid();
  const user: SandboxUser = {
    id,
    displayName: input.displayName ?? "Sandbox user",
    givenName: input.givenName ?? null,
    surname: input.surname ?? null,
    mail: input.mail ?? null,
    userPrincipalName: input.userPrincipalName ?? `user-${id.slice(0, 8)}@${state.domain}`,
    jobTitle: input.jobTitle ?? null,
    department: input.department ?? null,
    companyName: input.companyName ?? null,
    officeLocation: input.officeLocation ?? null,
    streetAddress: input.streetAddress ?? null,
    postalCode: input.postalCode ?? null,
    city: input.city ?? null,
    businessPhones: [...(input.businessPhones ?? [])],
    mobilePhone: input.mobilePhone ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    accountEnabled: input.accountEnabled ?? true,
    userType: input.userType ?? "Member",
    employeeId: input.employeeId ?? null,
    managerId: input.managerId ?? null,
    hasPhoto: input.hasPhoto ?? false,
    appRoles: [...(input.appRoles ?? [])],
  };
  assertFreePrincipalName(state, user.userPrincipalName, null);
  if (user.managerId) assertManager(state, id, user.managerId);
  const version = nextVersion(state);
  const record: UserRecord = {
    user,
    lifecycle: "active",
    createdAt: version,
    lifecycleAt: version,
    changedAt: {},
    lastChangedAt: version,
    removedManager: null,
    suspendedGroupIds: [],
  };
  state.users.push(record);
  state.usersById.set(id, record);
  return structuredClone(user);
}

/**
 * Applies a patch of Graph properties; `null` clears a nullable one. The whole patch is checked
 * before anything changes; unchanged values are no-ops.
 */
export function updateUser(state: DirectoryState, id: string, patch: GraphUserPatch): SandboxUser {
  const record = activeRecord(state, id);
  const target = record.user as unknown as Record<string, unknown>;
  const changes: [TrackedUserProperty, unknown][] = [];
  for (const [key, value] of Object.entries(patch)) {
    const property = USER_PROPERTIES.find((candidate) => candidate === key);
    if (!property || property === "id") {
      throw controlInvalid(`'${key}' is not a patchable user property.`);
    }
    if (value === null && NOT_NULLABLE.has(property)) {
      throw controlInvalid(`'${key}' cannot be null.`);
    }
    if (value === undefined || sameValue(target[property], value)) continue;
    if (property === "userPrincipalName") assertFreePrincipalName(state, String(value), id);
    changes.push([property, Array.isArray(value) ? [...value] : value]);
  }
  for (const [property, value] of changes) target[property] = value;
  const changed = changes.map(([property]) => property);
  stamp(state, record, changed);
  return structuredClone(record.user);
}

export function setManager(state: DirectoryState, id: string, managerId: string | null): void {
  const record = activeRecord(state, id);
  if (managerId) assertManager(state, id, managerId);
  const previous = record.user.managerId;
  if (previous === managerId) return;
  record.user.managerId = managerId;
  record.removedManager =
    managerId === null && previous ? { id: previous, reason: "changed" } : null;
  stamp(state, record, ["manager"]);
}

/** Moves the user to deleted items: it leaves its groups and can be restored. */
export function softDeleteUser(state: DirectoryState, id: string): void {
  const record = activeRecord(state, id);
  record.suspendedGroupIds = [];
  for (const group of state.groups) {
    if (group.members.get(id)?.present) {
      setMembership(state, group, id, false);
      record.suspendedGroupIds.push(group.group.id);
    }
  }
  record.lifecycle = "softDeleted";
  record.lifecycleAt = nextVersion(state);
  record.lastChangedAt = record.lifecycleAt;
}

/** Brings a user back from deleted items, with the group memberships it had. */
export function restoreUser(state: DirectoryState, id: string): void {
  const record = recordOf(state, id);
  if (record.lifecycle !== "softDeleted") throw controlInvalid(`User '${id}' is not deleted.`);
  record.lifecycle = "active";
  record.lifecycleAt = nextVersion(state);
  record.lastChangedAt = record.lifecycleAt;
  for (const groupId of record.suspendedGroupIds) {
    const group = state.groupsById.get(groupId);
    if (group) setMembership(state, group, id, true);
  }
  record.suspendedGroupIds = [];
}

/** Deletes the user for good: links to it disappear, from groups and from its reports. */
export function hardDeleteUser(state: DirectoryState, id: string): void {
  const record = recordOf(state, id);
  if (record.lifecycle === "active") {
    for (const group of state.groups) {
      if (group.members.get(id)?.present) setMembership(state, group, id, false);
    }
  }
  record.lifecycle = "hardDeleted";
  record.suspendedGroupIds = [];
  record.lifecycleAt = nextVersion(state);
  record.lastChangedAt = record.lifecycleAt;
  for (const report of state.users) {
    if (report.user.managerId !== id || report.lifecycle === "hardDeleted") continue;
    report.user.managerId = null;
    report.removedManager = { id, reason: "deleted" };
    stamp(state, report, ["manager"]);
  }
}
