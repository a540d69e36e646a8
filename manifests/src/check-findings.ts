import { closestName } from "./launch-events";

/** A value found in a manifest and where it was found (`path (line n)` or a JSON path). */
export interface Located {
  value: string;
  where: string;
}

/** What checking one manifest yields: its errors, and what to look up afterwards. */
export interface Findings {
  errors: string[];
  icons: Located[];
  functions: Located[];
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function httpsProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an absolute URL`;
  }
  return url.protocol === "https:" ? null : `"${value}" must use https`;
}

/** Any value that is a plain-http link, wherever it sits. */
export const insecureLink = (value: string): string | null =>
  /^http:\/\//i.test(value) ? `"${value}" must use https` : null;

export const didYouMean = (value: string, known: Iterable<string>) => {
  const suggestion = closestName(value, known);
  return suggestion ? ` (did you mean "${suggestion}"?)` : "";
};
