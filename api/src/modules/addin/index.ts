export { type AddinRouteDeps, addinRoutes } from "./addin.routes";
export {
  allowedRuntimeScripts,
  runtimeConfigStatement,
  withRuntimeConfig,
} from "./addin.service";
export { addinContentSecurityPolicy, OUTLOOK_FRAME_ANCESTORS } from "./addin-security";
