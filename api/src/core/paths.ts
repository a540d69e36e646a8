import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The api package's folder, found through its package.json rather than this file's location:
 * the same from the TypeScript sources and from a compiled bundle in api/dist.
 */
export const apiRoot = dirname(createRequire(import.meta.url).resolve("@relais/api/package.json"));

/** The repository root: the front ends and the add-in are built beside the api package. */
export const repoRoot = join(apiRoot, "..");
