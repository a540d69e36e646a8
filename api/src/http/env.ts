import type { Principal } from "../auth";

/** Hono environment shared by every route: per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal?: Principal;
  };
}
