/** `window.localStorage` / `sessionStorage`, or null when the browser forbids them. */
export function browserStorage(kind: "localStorage" | "sessionStorage"): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}
