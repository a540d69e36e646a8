export { systemRoutes } from "./system.routes";
export { type ClientConfig, ClientConfigSchema } from "./system.schemas";
