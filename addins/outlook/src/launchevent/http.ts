import type { Timers } from "./timers";

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  /** The request is given up (and aborted) after this long. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  body: string;
  etag: string | null;
}

export class HttpError extends Error {
  constructor(
    readonly reason: "network" | "timeout",
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export type HttpGet = (request: HttpRequest) => Promise<HttpResponse>;

interface XhrLike {
  open(method: string, url: string, async: boolean): void;
  setRequestHeader(name: string, value: string): void;
  getResponseHeader(name: string): string | null;
  send(body?: null): void;
  abort(): void;
  timeout: number;
  readonly status: number;
  readonly responseText: string;
  onload: (() => void) | null;
  onerror: (() => void) | null;
  ontimeout: (() => void) | null;
  onabort: (() => void) | null;
}

type XhrConstructor = new () => XhrLike;

/**
 * XMLHttpRequest first: classic Outlook's JavaScript-only runtime provides it natively, while its
 * `fetch` is a polyfill over it that can neither time out nor be aborted (and fails as
 * "TypeError: Network request failed" after ~45 s, office-js #2866, #4474). `fetch` only where
 * there is no XMLHttpRequest.
 */
export function createHttpGet(
  scope: { XMLHttpRequest?: unknown; fetch?: unknown } & Timers,
): HttpGet | null {
  if (typeof scope.XMLHttpRequest === "function") {
    return xhrGet(scope.XMLHttpRequest as XhrConstructor, scope);
  }
  if (typeof scope.fetch === "function") {
    return fetchGet(scope.fetch as typeof fetch, scope);
  }
  return null;
}

function xhrGet(Xhr: XhrConstructor, timers: Timers): HttpGet {
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const xhr = new Xhr();
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(guard);
        fn();
      };
      // Our own timer as well as xhr.timeout: some hosts ignore the latter.
      const guard = timers.setTimeout(() => {
        settle(() => reject(new HttpError("timeout", `no answer within ${request.timeoutMs} ms`)));
        xhr.abort();
      }, request.timeoutMs);
      xhr.open("GET", request.url, true);
      xhr.timeout = request.timeoutMs;
      for (const name of Object.keys(request.headers)) {
        xhr.setRequestHeader(name, request.headers[name] ?? "");
      }
      xhr.onload = () =>
        settle(() =>
          resolve({
            status: xhr.status,
            body: xhr.responseText,
            etag: xhr.getResponseHeader("ETag"),
          }),
        );
      xhr.onerror = () => settle(() => reject(new HttpError("network", "network error")));
      xhr.onabort = () => settle(() => reject(new HttpError("network", "request aborted")));
      xhr.ontimeout = () =>
        settle(() => reject(new HttpError("timeout", `no answer within ${request.timeoutMs} ms`)));
      xhr.send(null);
    });
}

function fetchGet(fetcher: typeof fetch, timers: Timers): HttpGet {
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const controller = typeof AbortController === "function" ? new AbortController() : null;
      const guard = timers.setTimeout(() => {
        reject(new HttpError("timeout", `no answer within ${request.timeoutMs} ms`));
        controller?.abort();
      }, request.timeoutMs);
      fetcher(request.url, {
        headers: request.headers,
        ...(controller ? { signal: controller.signal } : {}),
      })
        .then(async (response) => {
          const body = await response.text();
          resolve({ status: response.status, body, etag: response.headers.get("ETag") });
        })
        .catch((error: unknown) =>
          reject(new HttpError("network", error instanceof Error ? error.message : String(error))),
        )
        .then(() => timers.clearTimeout(guard));
    });
}
