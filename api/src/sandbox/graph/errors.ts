/** A failure Microsoft Graph would answer with its error envelope. */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "GraphError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

/** Graph writes the inner error date to the second, without a zone designator. */
export function graphErrorDate(at: Date): string {
  return at.toISOString().slice(0, 19);
}

export function graphErrorBody(
  error: GraphError,
  ids: { requestId: string; clientRequestId: string },
  at: Date,
): GraphErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: graphErrorDate(at),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  };
}

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export const graphErrors = {
  invalidToken: (message: string) =>
    new GraphError(401, "InvalidAuthenticationToken", message, {
      "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
    }),
  tokenExpired: () => graphErrors.invalidToken("Lifetime validation failed, the token is expired."),
  insufficientPrivileges: () =>
    new GraphError(
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    ),
  badRequest: (message: string) => new GraphError(400, "Request_BadRequest", message),
  unsupportedQuery: (message: string) => new GraphError(400, "Request_UnsupportedQuery", message),
  syncStateNotFound: () =>
    new GraphError(
      400,
      "syncStateNotFound",
      "The sync state generation is not found. The delta token is expired and data must be synchronized again.",
    ),
  resyncRequired: (location: string) =>
    new GraphError(410, "resyncRequired", "Resync is required.", { Location: location }),
  userNotFound: (id: string) =>
    new GraphError(
      404,
      "Request_ResourceNotFound",
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  imageNotFound: () =>
    new GraphError(
      404,
      "ImageNotFound",
      "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
    ),
  segmentNotFound: (segment: string) =>
    new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`),
  tooManyRequests: (retryAfterSeconds: number) =>
    new GraphError(
      429,
      "TooManyRequests",
      "Too many requests from Identifier:sandbox under category:throttle.aad.ags.directory. Please try again later.",
      { "Retry-After": String(retryAfterSeconds) },
    ),
  internal: () => new GraphError(500, "generalException", "An unspecified error has occurred."),
  badGateway: () =>
    new GraphError(502, "BadGateway", "The server received an invalid response from upstream."),
  serviceUnavailable: (retryAfterSeconds: number) =>
    new GraphError(
      503,
      "serviceNotAvailable",
      "The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay.",
      { "Retry-After": String(retryAfterSeconds) },
    ),
  gatewayTimeout: () =>
    new GraphError(504, "GatewayTimeout", "The operation timed out before it could be completed."),
};
