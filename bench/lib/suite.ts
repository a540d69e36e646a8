import type { BenchRow } from "./report";

export interface SuiteContext {
  /** postgres:// URL of a role that may create and drop databases. */
  adminUrl: string;
  /** Smaller sizes, for a smoke run of the harness (the targets still print but mean little). */
  quick: boolean;
  /** Every `--flag` given on the command line (without the dashes), e.g. `photos`. */
  flags: ReadonlySet<string>;
  /** Progress lines, printed as the suite goes. */
  log(line: string): void;
}

export interface SuiteResult {
  rows: BenchRow[];
  /** Written next to the rows as `<suite>.details.json` (profiles, raw timings). */
  details?: unknown;
}

export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<SuiteResult>;
}
