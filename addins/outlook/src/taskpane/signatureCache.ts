import type { MySignature, SignatureQuery } from "./signatureApi";

export interface CachedSignature {
  signature: MySignature;
  /** ISO instant of the answer this copy comes from. */
  refreshedAt: string;
}

export type CacheStorage = Pick<Storage, "getItem" | "setItem">;

/** The last signature received per variant and mailbox, shown when Relais cannot be reached. */
export interface SignatureCache {
  read(query: SignatureQuery): CachedSignature | null;
  write(query: SignatureQuery, entry: CachedSignature): void;
}

const keyPrefix = "relais.addin.signature";

function keyOf(query: SignatureQuery): string {
  return `${keyPrefix}.${query.variant}.${query.mailbox?.toLowerCase() ?? "self"}`;
}

function isCachedSignature(value: unknown): value is CachedSignature {
  if (typeof value !== "object" || value === null) return false;
  if (!("refreshedAt" in value) || typeof value.refreshedAt !== "string") return false;
  if (!("signature" in value) || typeof value.signature !== "object") return false;
  const signature = value.signature;
  return (
    signature !== null &&
    "html" in signature &&
    typeof signature.html === "string" &&
    "text" in signature &&
    typeof signature.text === "string" &&
    "template" in signature &&
    typeof signature.template === "object" &&
    "reason" in signature &&
    typeof signature.reason === "object"
  );
}

export function createSignatureCache(storage: CacheStorage | null): SignatureCache {
  return {
    read(query) {
      try {
        const raw = storage?.getItem(keyOf(query));
        if (!raw) return null;
        const parsed: unknown = JSON.parse(raw);
        return isCachedSignature(parsed) ? parsed : null;
      } catch {
        // Disabled storage or a corrupt entry: as if nothing were cached.
        return null;
      }
    },
    write(query, entry) {
      try {
        storage?.setItem(keyOf(query), JSON.stringify(entry));
      } catch {
        // Full or disabled storage: the pane still works, without the offline copy.
      }
    },
  };
}
