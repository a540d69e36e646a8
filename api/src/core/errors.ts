/** Closed set of error codes: one place maps them to HTTP statuses (http/errors.ts). */
export const errorCodes = {
  bad_request: 400,
  malformed_json: 400,
  validation_failed: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** A domain error: services throw it, never an HTTP exception; the HTTP layer maps it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, details?: unknown) =>
  new AppError("not_found", `${what} not found`, details);
