import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env";
import { errorResponse, validationDetails } from "./errors";

/** Every module's router: failed validation answers the error contract (422), never zod's dump. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return errorResponse(
          c,
          "validation_failed",
          "The request is invalid.",
          validationDetails(result.error, result.target),
        );
      }
    },
  });
}

export type Router = ReturnType<typeof createRouter>;
