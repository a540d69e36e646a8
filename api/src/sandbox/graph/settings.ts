import { controlInvalid } from "./control-error";
import { MAX_PAGE_SIZE } from "./delta-request";

/** The sandbox's tunable behaviour, changed through the control API. */
export interface GraphSettings {
  usersPageSize: number;
  groupsPageSize: number;
  groupMembersPageSize: number;
  /** Each page after the first repeats one user of the previous page. */
  duplicates: boolean;
  /** A round's deltaLink starts where the round did, so its changes are served again. */
  replays: boolean;
  /** Every `emptyPageEvery + 1`-th page of a round is empty (0: never). */
  emptyPageEvery: number;
  /** Age after which a state token answers `syncStateNotFound` (Graph: seven days). */
  tokenLifetimeMs: number;
}

export const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

export function defaultSettings(pageSize = 100): GraphSettings {
  return {
    usersPageSize: checkPageSize(pageSize),
    groupsPageSize: 100,
    groupMembersPageSize: 250,
    duplicates: false,
    replays: false,
    emptyPageEvery: 0,
    tokenLifetimeMs: SEVEN_DAYS_MS,
  };
}

export function checkPageSize(size: number, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw controlInvalid(`A page size must be an integer from 1 to ${max}, got ${size}.`);
  }
  return size;
}

export interface PageSizes {
  users?: number;
  groups?: number;
  groupMembers?: number;
}

export function applyPageSizes(settings: GraphSettings, sizes: PageSizes): void {
  if (sizes.users !== undefined) settings.usersPageSize = checkPageSize(sizes.users);
  if (sizes.groups !== undefined) settings.groupsPageSize = checkPageSize(sizes.groups);
  if (sizes.groupMembers !== undefined) {
    settings.groupMembersPageSize = checkPageSize(sizes.groupMembers, 5000);
  }
}

export interface DeltaOptions {
  duplicates?: boolean;
  replays?: boolean;
  emptyPageEvery?: number;
  tokenLifetimeMs?: number;
}

export function applyDeltaOptions(settings: GraphSettings, options: DeltaOptions): void {
  if (options.duplicates !== undefined) settings.duplicates = options.duplicates;
  if (options.replays !== undefined) settings.replays = options.replays;
  if (options.emptyPageEvery !== undefined) {
    if (!Number.isInteger(options.emptyPageEvery) || options.emptyPageEvery < 0) {
      throw controlInvalid("emptyPageEvery must be a non-negative integer.");
    }
    settings.emptyPageEvery = options.emptyPageEvery;
  }
  if (options.tokenLifetimeMs !== undefined) {
    if (!(options.tokenLifetimeMs > 0)) throw controlInvalid("tokenLifetimeMs must be positive.");
    settings.tokenLifetimeMs = options.tokenLifetimeMs;
  }
}
