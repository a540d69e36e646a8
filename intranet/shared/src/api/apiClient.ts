import { ApiError, apiErrorFromResponse, clientErrorCodes } from "./apiError";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiRequest {
  method?: HttpMethod;
  /** Serialised as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Public endpoints (client config, sandbox sign-in) are called without a token. */
  authenticated?: boolean;
}

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the API, e.g. `https://relais.example` or "". */
  baseUrl: string;
  /** Returns the bearer token, or null when signed out. */
  getToken?: () => Promise<string | null>;
  /** Called when an authenticated request answers 401, before the error is thrown. */
  onUnauthorized?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

export interface ApiClient {
  request<T>(path: string, request?: ApiRequest): Promise<T>;
  get<T>(path: string, request?: Omit<ApiRequest, "method" | "body">): Promise<T>;
  post<T>(path: string, body: unknown, request?: Omit<ApiRequest, "method" | "body">): Promise<T>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(path: string, init: ApiRequest = {}): Promise<T> {
    const authenticated = init.authenticated ?? true;
    const headers = new Headers({ Accept: "application/json" });
    if (init.body !== undefined) headers.set("Content-Type", "application/json");
    if (authenticated && options.getToken) {
      const token = await options.getToken();
      if (token) headers.set("Authorization", `Bearer ${token}`);
    }

    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method: init.method ?? "GET",
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: init.signal ?? null,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
      throw new ApiError({
        status: 0,
        code: clientErrorCodes.network,
        message: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }

    if (!response.ok) {
      const error = await apiErrorFromResponse(response);
      if (response.status === 401 && authenticated) options.onUnauthorized?.(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw new ApiError({
        status: response.status,
        code: clientErrorCodes.invalidResponse,
        message: "The API answered with a body that is not JSON.",
        requestId: response.headers.get("x-request-id"),
        cause,
      });
    }
  }

  return {
    request,
    get: (path, init) => request(path, { ...init, method: "GET" }),
    post: (path, body, init) => request(path, { ...init, method: "POST", body }),
  };
}
