import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { getMimeType } from "hono/utils/mime";
import { AppError } from "../../core/errors";

/** The built add-in (addins/outlook/dist): HTML pages, `launchevent.js`, `assets/`, `icons/`. */
export interface AddinFile {
  /** Changes when the file does (a rebuild): modification time and size. */
  version: string;
  contentType: string;
  read(): Promise<Uint8Array>;
}

const NOT_BUILT =
  "The Outlook add-in is not built on this server (its dist folder is missing): run `npm run build`.";

const TEXT_TYPES = new Set([".html", ".js", ".css", ".json", ".svg", ".txt", ".map"]);

/** Finds `relativePath` inside `root`; never outside it, never a folder. */
export async function findAddinFile(
  root: string | undefined,
  relativePath: string,
): Promise<AddinFile> {
  if (!root) throw new AppError("not_found", NOT_BUILT);
  const base = normalize(root + sep);
  const target = normalize(join(base, relativePath));
  const missing = new AppError("not_found", `The add-in has no file ${relativePath || "/"}.`);
  if (!target.startsWith(base) || relativePath === "") throw missing;
  const isBuilt = await stat(root).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isBuilt) throw new AppError("not_found", NOT_BUILT);
  const info = await stat(target).catch(() => null);
  if (!info?.isFile()) throw missing;
  const type = getMimeType(target) ?? "application/octet-stream";
  const textual = TEXT_TYPES.has(extname(target)) && !type.includes("charset");
  return {
    version: `${info.mtimeMs}:${info.size}`,
    contentType: textual ? `${type}; charset=utf-8` : type,
    read: async () => new Uint8Array(await readFile(target)),
  };
}

/** `"<sha-256, base64url>"`: a strong validator for content that changes with a build or a deploy. */
export function strongEtag(bytes: Uint8Array | string): string {
  return `"${createHash("sha256").update(bytes).digest("base64url")}"`;
}

/**
 * Vite names what it hashes under `assets/`: those never change, so they are kept for a year.
 * Icons change rarely; everything else (pages, the configured runtime) is revalidated.
 */
export function cachePolicy(relativePath: string): string {
  if (relativePath.startsWith("assets/")) return "public, max-age=31536000, immutable";
  if (relativePath.startsWith("icons/")) return "public, max-age=86400";
  return "no-cache";
}

/** `/addin/%2E%2E/x` and friends: decoded once, or refused. */
export function addinPath(requestPath: string, mountPath: string): string | null {
  try {
    return decodeURIComponent(requestPath.slice(mountPath.length)).replace(/^\/+/, "");
  } catch {
    return null;
  }
}
