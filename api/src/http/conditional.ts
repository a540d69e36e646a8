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

/** If-None-Match: the strong tags listed (weak ones ignored). */
export function parseIfNoneMatch(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "" && !tag.startsWith("W/"));
}
