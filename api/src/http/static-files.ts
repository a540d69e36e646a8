import { readFile, stat } from "node:fs/promises";
import { join, normalize, sep } from "node:path";
import type { Context } from "hono";
import { getMimeType } from "hono/utils/mime";

async function fileIfExists(path: string): Promise<Buffer | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? await readFile(path) : null;
  } catch {
    return null;
  }
}

/**
 * Serves a built single-page front end from `root`: a file when it exists (hashed assets cached
 * for a year), else `index.html` for client-side routes. Never reads outside `root`.
 */
export function serveSinglePageApp(root: string, mountPath: string) {
  const base = normalize(root + sep);
  return async (c: Context): Promise<Response> => {
    const relative = decodeURIComponent(c.req.path.slice(mountPath.length)).replace(/^\/+/, "");
    const target = normalize(join(base, relative));
    if (!target.startsWith(base)) return c.notFound();
    const asset = relative === "" ? null : await fileIfExists(target);
    if (asset) {
      const immutable = relative.startsWith("assets/");
      return c.body(new Uint8Array(asset), 200, {
        "content-type": getMimeType(target) ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    if (/\.[a-z0-9]+$/i.test(relative)) return c.notFound();
    const index = await fileIfExists(join(base, "index.html"));
    if (!index) return c.notFound();
    return c.body(new Uint8Array(index), 200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache",
    });
  };
}
