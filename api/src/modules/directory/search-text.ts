import { foldForSearch } from "../../core/search-folding";
import type { AgentChanges, AgentColumn } from "./graph-mapping";

/** The Entra fields free-text search looks at, folded once on write (see `foldForSearch`). */
export const searchedColumns = [
  "displayName",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "officeLocation",
] as const satisfies readonly AgentColumn[];

/** Whether `changes` carry every searched field (a full item), so the search text can be built from it alone. */
export function hasAllSearchedColumns(changes: AgentChanges): boolean {
  return searchedColumns.every((column) => column in changes);
}

/** Whether `changes` touch any searched field (an incremental item may carry only some of them). */
export function touchesSearchedColumns(changes: AgentChanges): boolean {
  return searchedColumns.some((column) => column in changes);
}

export function searchTextOf(values: Partial<Record<AgentColumn, unknown>>): string {
  return foldForSearch(
    searchedColumns
      .map((column) => values[column])
      .filter((value): value is string => typeof value === "string" && value !== "")
      .join(" "),
  );
}
