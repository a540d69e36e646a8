import type { SessionStorageLike } from "@relais/web-shared";

/** Keeps a sign-in for this page only, when sessionStorage is unavailable. */
export function memoryStorage(): SessionStorageLike {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, value);
    },
    removeItem: (key) => {
      values.delete(key);
    },
  };
}
