/** An error response from the Relais API, or a failure to reach it (status 0). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string | null;
    details?: unknown;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Client-side codes, for failures that never produced an API error body. */
export const clientErrorCodes = {
  network: "network_error",
  invalidResponse: "invalid_response",
} as const;

interface ErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

/** Reads `{ error: { code, message, requestId, details? } }`, tolerating proxies that answer otherwise. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const headerRequestId = response.headers.get("x-request-id");
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (e.g. a proxy page): fall back to the status line below.
  }
  if (isErrorBody(body)) {
    return new ApiError({
      status: response.status,
      code: body.error.code,
      message: body.error.message,
      requestId: body.error.requestId ?? headerRequestId,
      details: body.error.details,
    });
  }
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    message: response.statusText || `HTTP ${response.status}`,
    requestId: headerRequestId,
  });
}
