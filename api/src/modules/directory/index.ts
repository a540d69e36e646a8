export { type DirectoryRouteDeps, directoryRoutes } from "./directory.routes";
export type { DirectoryEntry } from "./directory.schemas";
export { directoryProfiles, loadEffectiveProfiles } from "./directory.service";
export {
  type EffectiveProfile,
  type EntraAgent,
  effectiveProfile,
  type OverrideValues,
} from "./effective-profile";
export { searchTextOf } from "./search-text";
export { type AgentSubject, loadAgentSubjects, mailboxOwner } from "./signature-subjects";
export { type SyncRoutesDeps, syncRoutes } from "./sync.routes";
export {
  type DirectorySyncDeps,
  hasCompletedDirectorySync,
  refreshStalePhotos,
  type SyncOptions,
  type SyncProgress,
  type SyncTrigger,
  syncDirectory,
} from "./sync.service";
