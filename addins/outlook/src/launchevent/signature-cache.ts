import { isSettingsTooLarge, type SettingsStore } from "./host";
import type { Signature, Variant } from "./signature-api";

/** The roaming-settings key of the cache. */
export const CACHE_SETTING = "relaisSignatures";

/**
 * Office keeps at most 32 KB of roaming settings per add-in, all keys together. The cache stays
 * under 24 KB (UTF-8 bytes of its JSON, which is never less than what Office counts), leaving the
 * rest to the task pane's settings.
 */
export const CACHE_BUDGET_BYTES = 24 * 1024;

const FORMAT_VERSION = 1;
const TOUCH_EVERY_MS = 24 * 60 * 60 * 1000;

/** [etag, html, text, last used (minutes since the epoch)]: compact on purpose. */
type Entry = [string, string, string, number];
interface Stored {
  v: number;
  e: Record<string, Entry>;
}

export function cacheKey(variant: Variant, mailbox: string | null): string {
  return `${variant} ${mailbox ?? ""}`;
}

export function utf8Length(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isEntry(value: unknown): value is Entry {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === "string" &&
    typeof value[1] === "string" &&
    typeof value[2] === "string" &&
    typeof value[3] === "number"
  );
}

function read(settings: SettingsStore): Record<string, Entry> {
  const raw = settings.get(CACHE_SETTING);
  if (raw === undefined || raw === null) return {};
  const stored = raw as Partial<Stored>;
  if (stored.v !== FORMAT_VERSION || typeof stored.e !== "object" || stored.e === null) {
    console.warn("Relais: signature cache in an unknown format, starting afresh");
    return {};
  }
  const entries: Record<string, Entry> = {};
  for (const key of Object.keys(stored.e)) {
    const entry = (stored.e as Record<string, unknown>)[key];
    if (isEntry(entry)) entries[key] = entry;
  }
  return entries;
}

function sizeOf(entries: Record<string, Entry>): number {
  return utf8Length(JSON.stringify({ v: FORMAT_VERSION, e: entries })) + CACHE_SETTING.length;
}

/** Drops the least recently used entries until the cache fits its budget. */
function fit(entries: Record<string, Entry>, budget: number): Record<string, Entry> {
  const kept = { ...entries };
  const byAge = Object.keys(kept).sort((a, b) => (kept[a]?.[3] ?? 0) - (kept[b]?.[3] ?? 0));
  while (byAge.length > 0 && sizeOf(kept) > budget) {
    const oldest = byAge.shift();
    if (oldest !== undefined) delete kept[oldest];
  }
  return kept;
}

export interface SignatureCache {
  get(key: string): Signature | null;
  /** Stores a signature as the newest entry; false when nothing changed. */
  put(key: string, signature: Signature, now: number): boolean;
  /** Marks an entry as used (written at most once a day, to spare saves). */
  touch(key: string, now: number): boolean;
  /**
   * Makes room when Office refuses to save (other settings took the space): keeps only the most
   * recently used entry, or nothing when there is only that one. False when already empty.
   */
  shrink(): boolean;
}

export function createSignatureCache(
  settings: SettingsStore,
  budget = CACHE_BUDGET_BYTES,
): SignatureCache {
  const minutes = (now: number) => Math.floor(now / 60_000);
  /** Stores the entries that fit; if Office still finds the settings too large, fewer. */
  const write = (entries: Record<string, Entry>) => {
    let kept = fit(entries, budget);
    for (;;) {
      const keys = Object.keys(kept);
      if (keys.length === 0) {
        settings.remove(CACHE_SETTING);
        return;
      }
      try {
        settings.set(CACHE_SETTING, { v: FORMAT_VERSION, e: kept });
        return;
      } catch (error) {
        if (!isSettingsTooLarge(error)) throw error;
        console.warn("Relais: roaming settings full, dropping the oldest cached signature");
        kept = fit(kept, sizeOf(kept) - 1);
      }
    }
  };
  return {
    get(key) {
      const entry = read(settings)[key];
      return entry ? { etag: entry[0], html: entry[1], text: entry[2] } : null;
    },
    put(key, signature, now) {
      const entries = read(settings);
      const current = entries[key];
      if (current && current[0] === signature.etag) return false;
      entries[key] = [signature.etag, signature.html, signature.text, minutes(now)];
      write(entries);
      return true;
    },
    touch(key, now) {
      const entries = read(settings);
      const entry = entries[key];
      if (!entry || now - entry[3] * 60_000 < TOUCH_EVERY_MS) return false;
      entry[3] = minutes(now);
      write(entries);
      return true;
    },
    shrink() {
      const entries = read(settings);
      const keys = Object.keys(entries);
      if (keys.length === 0) return false;
      if (keys.length === 1) {
        settings.remove(CACHE_SETTING);
        return true;
      }
      const newest = keys.reduce((a, b) =>
        (entries[a]?.[3] ?? 0) >= (entries[b]?.[3] ?? 0) ? a : b,
      );
      const kept = entries[newest];
      write(kept ? { [newest]: kept } : {});
      return true;
    },
  };
}
