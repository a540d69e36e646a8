import { z } from "@hono/zod-openapi";
import { errorCodes } from "../core/errors";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

const descriptions: Record<number, string> = {
  400: "Malformed request",
  401: "Missing or invalid token",
  403: "The caller lacks the required role",
  404: "Not found",
  409: "Conflict with the current state",
  422: "The request failed validation",
  503: "Not ready",
};

/** The same error responses declared on every route, in the error contract. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] ?? "Error",
        content: { "application/json": { schema: ErrorSchema } },
      },
    ]),
  );
}
