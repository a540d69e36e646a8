export { generateDirectory } from "./generate";
export { type KeyPersonRole, SANDBOX_KEY_PEOPLE } from "./key-people";
export { SANDBOX_DEPARTMENTS } from "./services";
export { SANDBOX_DOMAIN, SANDBOX_INITIAL_DOMAIN, SANDBOX_TENANT_ID } from "./tenant";
export type {
  AppRole,
  GenerateDirectoryOptions,
  SandboxDirectory,
  SandboxGroup,
  SandboxUser,
} from "./types";
