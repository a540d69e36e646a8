export { ApiErrorMessage, type ApiErrorMessageProps } from "./ApiErrorMessage";
export { RoleBadges, type RoleBadgesProps } from "./RoleBadges";
export { type RoleLabels, useRoleLabels } from "./roleLabels";
export { SandboxSignIn, type SandboxSignInProps } from "./SandboxSignIn";
export { normalizeForSearch } from "./sandbox/agentSearch";
