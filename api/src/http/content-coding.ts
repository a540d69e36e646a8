import Negotiator from "negotiator";
import type { ContentCoding } from "../core/coded-body";

export type { ContentCoding };

const CODINGS: readonly ContentCoding[] = ["br", "gzip", "identity"];
/** Clients send very few distinct Accept-Encoding values: each is parsed once. */
const choices = new Map<string, ContentCoding>();
const MAX_REMEMBERED = 64;

/** negotiator 1.x takes a server preference for ties, which its published types predate. */
type EncodingNegotiator = {
  encoding(
    available: readonly string[],
    options: { preferred: readonly string[] },
  ): string | undefined;
};

/**
 * The coding to answer a request's `Accept-Encoding` with, by the client's q-values (a coding at
 * q=0 is refused) and, between equals, Brotli before gzip before identity. A client refusing
 * everything (`*;q=0`) still gets identity: an answer it may reject beats none.
 */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return "identity";
  let choice = choices.get(acceptEncoding);
  if (choice === undefined) {
    const negotiator = new Negotiator({ headers: { "accept-encoding": acceptEncoding } });
    choice = ((negotiator as unknown as EncodingNegotiator).encoding(CODINGS, {
      preferred: CODINGS,
    }) ?? "identity") as ContentCoding;
    if (choices.size >= MAX_REMEMBERED) choices.clear();
    choices.set(acceptEncoding, choice);
  }
  return choice;
}

/**
 * The ETag of a coded answer: weak, as a strong tag must differ between representations
 * (RFC 9110 §8.8.1); If-None-Match compares weakly, so either form revalidates.
 */
export function etagFor(etag: string, coding: ContentCoding): string {
  return coding === "identity" || etag.startsWith("W/") ? etag : `W/${etag}`;
}
