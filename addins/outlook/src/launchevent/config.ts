/**
 * The runtime cannot know where it was served from, so the API prepends
 * `var RELAIS_ADDIN_CONFIG = {…};` to `/addin/launchevent.js`. This reads and checks it.
 */
export interface RuntimeConfig {
  /** Absolute origin of the Relais API, without a trailing slash. */
  apiBase: string;
  clientId: string;
  apiScope: string;
  authority: string;
}

const FIELDS = ["apiBase", "clientId", "apiScope", "authority"] as const;

export function readRuntimeConfig(value: unknown): RuntimeConfig | null {
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) {
    const entry = record[field];
    if (typeof entry !== "string" || entry.trim() === "") return null;
  }
  const apiBase = String(record.apiBase).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/i.test(apiBase)) return null;
  return {
    apiBase,
    clientId: String(record.clientId),
    apiScope: String(record.apiScope),
    authority: String(record.authority),
  };
}
