import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Content-addressed bytes (photos, assets): the key is the SHA-256 of the content. */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<string>;
  get(hash: string): Promise<Uint8Array | null>;
  has(hash: string): Promise<boolean>;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const isHash = (hash: string) => /^[0-9a-f]{64}$/.test(hash);

/** Local disk, the default: `<root>/ab/cd/<hash>`; writes are atomic (temp file + rename). */
export function createDiskBlobStore(root: string): BlobStore {
  const pathOf = (hash: string) => join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
  return {
    async put(bytes) {
      const hash = sha256Hex(bytes);
      const path = pathOf(hash);
      try {
        await stat(path);
        return hash;
      } catch {
        await mkdir(join(root, hash.slice(0, 2), hash.slice(2, 4)), { recursive: true });
        const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        await writeFile(temporary, bytes);
        await rename(temporary, path);
        return hash;
      }
    },
    async get(hash) {
      if (!isHash(hash)) return null;
      try {
        return new Uint8Array(await readFile(pathOf(hash)));
      } catch {
        return null;
      }
    },
    async has(hash) {
      if (!isHash(hash)) return false;
      try {
        await stat(pathOf(hash));
        return true;
      } catch {
        return false;
      }
    },
  };
}
