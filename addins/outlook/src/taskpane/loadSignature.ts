import { clientErrorCodes, isApiError } from "@relais/web-shared";
import type { MySignature, SignatureQuery } from "./signatureApi";
import type { SignatureCache } from "./signatureCache";

export interface LoadedSignature {
  signature: MySignature;
  /** When Relais gave this signature. */
  refreshedAt: Date;
  /** True when Relais could not be reached and the last copy received is shown instead. */
  fromCache: boolean;
}

export type SignatureLoader = (
  query: SignatureQuery,
  signal: AbortSignal,
) => Promise<LoadedSignature>;

/** Failures of the server or the network, where an older copy beats no signature at all. */
function isUnreachable(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.code === clientErrorCodes.network || error.status === 429 || error.status >= 500;
}

/** Asks Relais, keeps the answer, and falls back to the kept copy when Relais is unreachable. */
export function createSignatureLoader(deps: {
  fetchSignature: (query: SignatureQuery, signal: AbortSignal) => Promise<MySignature>;
  cache: SignatureCache;
  now?: () => Date;
}): SignatureLoader {
  const now = deps.now ?? (() => new Date());
  return async (query, signal) => {
    try {
      const signature = await deps.fetchSignature(query, signal);
      const refreshedAt = now();
      deps.cache.write(query, { signature, refreshedAt: refreshedAt.toISOString() });
      return { signature, refreshedAt, fromCache: false };
    } catch (error) {
      const cached = isUnreachable(error) ? deps.cache.read(query) : null;
      if (!cached) throw error;
      return {
        signature: cached.signature,
        refreshedAt: new Date(cached.refreshedAt),
        fromCache: true,
      };
    }
  };
}
