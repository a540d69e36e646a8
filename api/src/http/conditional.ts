import type { ExpectedVersion } from "../core/conditional";

/** If-Match, strong comparison: weak tags never match; a bare token is taken as if quoted. */
export function parseIfMatch(header: string): ExpectedVersion {
  if (header.trim() === "*") return "*";
  return header
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "" && !tag.startsWith("W/"))
    .map((tag) => (tag.startsWith('"') ? tag : `"${tag}"`));
}

/**
 * If-None-Match, weak comparison (RFC 9110 §13.1.2, as GET and HEAD use it): `W/"x"` matches
 * `"x"`, and `*` matches any current representation.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const current = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === current);
}
