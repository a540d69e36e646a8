import { HttpError, type HttpGet } from "./http";

export type Variant = "new" | "reply" | "meeting";

/** What the runtime keeps of `GET /api/signatures/me` (RenderedSignature in the API). */
export interface Signature {
  etag: string;
  html: string;
  text: string;
}

export type SignatureAnswer =
  | { kind: "fresh"; signature: Signature }
  | { kind: "unchanged" }
  /** No token could be had without the agent, or the API refused it (401/403). */
  | { kind: "signed-out"; detail: string }
  /** Down, slow, 5xx or an answer that is not a signature. */
  | { kind: "unreachable"; detail: string }
  /** The API answered that there is no signature to give (404, 422…). */
  | { kind: "refused"; detail: string };

export interface SignatureRequest {
  apiBase: string;
  variant: Variant;
  mailbox: string | null;
  etag: string | null;
  token: string;
  timeoutMs: number;
}

export function signatureUrl(apiBase: string, variant: Variant, mailbox: string | null): string {
  const query = `variant=${variant}${mailbox ? `&mailbox=${encodeURIComponent(mailbox)}` : ""}`;
  return `${apiBase}/api/signatures/me?${query}`;
}

function parseSignature(body: string, etagHeader: string | null): Signature | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { html, text, etag } = value as Record<string, unknown>;
  if (typeof html !== "string" || typeof text !== "string" || html === "") return null;
  const tag = typeof etag === "string" && etag !== "" ? etag : etagHeader;
  return tag ? { etag: tag, html, text } : null;
}

function errorDetail(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; requestId?: unknown } };
    const code = typeof parsed.error?.code === "string" ? parsed.error.code : "unknown";
    const requestId = typeof parsed.error?.requestId === "string" ? parsed.error.requestId : "-";
    return `HTTP ${status} ${code} (request ${requestId})`;
  } catch {
    return `HTTP ${status}`;
  }
}

export async function requestSignature(
  get: HttpGet,
  request: SignatureRequest,
): Promise<SignatureAnswer> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    Authorization: `Bearer ${request.token}`,
  };
  if (request.etag) headers["If-None-Match"] = request.etag;
  let response: Awaited<ReturnType<HttpGet>>;
  try {
    response = await get({
      url: signatureUrl(request.apiBase, request.variant, request.mailbox),
      headers,
      timeoutMs: request.timeoutMs,
    });
  } catch (error) {
    const detail = error instanceof HttpError ? `${error.reason}: ${error.message}` : String(error);
    return { kind: "unreachable", detail };
  }
  const { status, body } = response;
  if (status === 304) {
    return request.etag
      ? { kind: "unchanged" }
      : { kind: "unreachable", detail: "304 without an ETag sent" };
  }
  if (status === 200) {
    const signature = parseSignature(body, response.etag);
    return signature
      ? { kind: "fresh", signature }
      : { kind: "unreachable", detail: "200 without a usable signature" };
  }
  const detail = errorDetail(status, body);
  if (status === 401 || status === 403) return { kind: "signed-out", detail };
  // XMLHttpRequest reports a network failure as status 0.
  if (status === 0 || status === 408 || status === 429 || status >= 500) {
    return { kind: "unreachable", detail };
  }
  return { kind: "refused", detail };
}
