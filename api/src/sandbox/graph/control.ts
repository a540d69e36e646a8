import type { SandboxUser } from "../directory";
import { controlNotFound } from "./control-error";
import type { FaultConfig, FaultTarget } from "./faults";
import {
  createGroup,
  type GroupInput,
  type GroupPatch,
  addGroupMember as linkMember,
  removeGroupMember as unlinkMember,
  updateGroup,
} from "./group-mutations";
import type { PhotoUpdate } from "./photos";
import type { GraphUserPatch } from "./properties";
import type { FaultKind, RequestLogEntry, RequestSummary } from "./request-log";
import type { GraphRuntime } from "./runtime";
import {
  applyDeltaOptions,
  applyPageSizes,
  type DeltaOptions,
  type GraphSettings,
  type PageSizes,
} from "./settings";
import { type SandboxGraphSnapshot, type SnapshotGroup, takeSnapshot } from "./snapshot";
import type { ThrottleConfig } from "./throttling";
import {
  createUser,
  hardDeleteUser,
  restoreUser,
  setManager,
  softDeleteUser,
  updateUser,
} from "./user-mutations";

export type NewSandboxUser = Partial<Omit<SandboxUser, "id">>;

/** Drives the sandbox tenant from tests and demos; the HTTP control API maps onto it. */
export interface SandboxGraphControl {
  createUser(input: NewSandboxUser): SandboxUser;
  updateUser(id: string, patch: GraphUserPatch): SandboxUser;
  softDeleteUser(id: string): void;
  restoreUser(id: string): void;
  hardDeleteUser(id: string): void;
  setManager(id: string, managerId: string | null): void;
  /** New bytes, or `{ regenerate: true }` for a new generated avatar; returns the new etag. */
  setPhoto(id: string, photo: PhotoUpdate): string;
  clearPhoto(id: string): void;
  createGroup(input: GroupInput): SnapshotGroup;
  updateGroup(id: string, patch: GroupPatch): void;
  addGroupMember(groupId: string, userId: string): void;
  removeGroupMember(groupId: string, userId: string): void;

  /** The sandbox's time (base clock + offset). */
  now(): Date;
  advanceClock(ms: number): Date;
  setPageSize(sizes: PageSizes): GraphSettings;
  setDeltaOptions(options: DeltaOptions): GraphSettings;
  settings(): GraphSettings;
  /** The next `$skiptoken` request of the route answers 410 Gone with a fresh delta URL. */
  forceResync(route?: "users/delta" | "groups/delta"): void;

  configureFaults(config: FaultConfig): void;
  queueFault(route: FaultTarget, kind: FaultKind, count?: number): void;
  clearFaults(): void;
  configureThrottling(config: Partial<ThrottleConfig>): ThrottleConfig;

  requestLog(): RequestLogEntry[];
  requestSummary(): RequestSummary;
  resetRequestLog(): void;
  snapshot(): SandboxGraphSnapshot;
}

export function createControl(rt: GraphRuntime): SandboxGraphControl {
  const { state } = rt;
  const activeUserId = (id: string) => {
    if (state.usersById.get(id)?.lifecycle !== "active") throw controlNotFound("User", id);
    return id;
  };
  const syncHasPhoto = (id: string) => {
    const record = state.usersById.get(id);
    if (record) record.user.hasPhoto = rt.photos.has(id);
  };

  return {
    createUser: (input) => {
      const user = createUser(state, rt.ids, input);
      if (user.hasPhoto) rt.photos.set(user.id, { regenerate: true });
      return user;
    },
    updateUser: (id, patch) => updateUser(state, id, patch),
    softDeleteUser: (id) => softDeleteUser(state, id),
    restoreUser: (id) => restoreUser(state, id),
    hardDeleteUser: (id) => {
      hardDeleteUser(state, id);
      rt.photos.clear(id);
    },
    setManager: (id, managerId) => setManager(state, id, managerId),
    setPhoto: (id, photo) => {
      const etag = rt.photos.set(activeUserId(id), photo);
      syncHasPhoto(id);
      return etag;
    },
    clearPhoto: (id) => {
      rt.photos.clear(activeUserId(id));
      syncHasPhoto(id);
    },
    createGroup: (input) => createGroup(state, rt.ids, input),
    updateGroup: (id, patch) => updateGroup(state, id, patch),
    addGroupMember: (groupId, userId) => linkMember(state, groupId, userId),
    removeGroupMember: (groupId, userId) => unlinkMember(state, groupId, userId),

    now: () => rt.clock.now(),
    advanceClock: (ms) => rt.clock.advance(ms),
    setPageSize: (sizes) => {
      applyPageSizes(rt.settings, sizes);
      return { ...rt.settings };
    },
    setDeltaOptions: (options) => {
      applyDeltaOptions(rt.settings, options);
      return { ...rt.settings };
    },
    settings: () => ({ ...rt.settings }),
    forceResync: (route = "users/delta") => rt.faults.enqueue(route, "gone", 1),

    configureFaults: (config) => rt.faults.configure(config),
    queueFault: (route, kind, count) => rt.faults.enqueue(route, kind, count),
    clearFaults: () => rt.faults.clear(),
    configureThrottling: (config) => rt.throttle.configure(config),

    requestLog: () => rt.log.entries(),
    requestSummary: () => rt.log.summary(),
    resetRequestLog: () => rt.log.reset(),
    snapshot: () => takeSnapshot(state, rt.photos),
  };
}
