export { identityRoutes } from "./identity.routes";
export type { AgentProfile, ProfileLookup } from "./identity.service";
