import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { AppError, type ErrorCode, errorCodes } from "../core/errors";
import type { Logger } from "../core/logger";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
}

export function errorResponse(
  c: Context,
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  const requestId = (c.get("requestId") as string | undefined) ?? "unknown";
  const body: ErrorBody = {
    error: { code, message, requestId, ...(details === undefined ? {} : { details }) },
  };
  return c.json(body, errorCodes[code] as ContentfulStatusCode, headers);
}

/** Zod issues as a stable, client-friendly list (no internal stack or schema dump). */
export function validationDetails(error: ZodError, location: string) {
  return error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join("."),
    message: issue.message,
    code: issue.code,
  }));
}

const statusToCode: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "unavailable",
};

/** The one place that turns any thrown value into the error contract. */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context): Response => {
    if (err instanceof AppError) {
      return errorResponse(c, err.code, err.message, err.details);
    }
    if (err instanceof HTTPException) {
      if (err.status === 400 && /malformed json/i.test(err.message)) {
        return errorResponse(c, "malformed_json", "The request body is not valid JSON.");
      }
      if (err.status === 400 && /content-type/i.test(err.message)) {
        return errorResponse(
          c,
          "unsupported_media_type",
          "The request body must be application/json.",
        );
      }
      const code = statusToCode[err.status] ?? (err.status >= 500 ? "internal" : "bad_request");
      return errorResponse(c, code, err.message || "The request could not be processed.");
    }
    logger.error(
      { err, requestId: c.get("requestId"), method: c.req.method, path: c.req.path },
      "unhandled error",
    );
    return errorResponse(c, "internal", "An unexpected error occurred. Quote the request id.");
  };
}
