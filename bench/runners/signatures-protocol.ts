/** Messages between the signatures suite and its child process. */

export interface SignatureServerInit {
  databaseUrl: string;
  dataDir: string;
  /** Size of the sandbox tenant synced into the database before anything is measured. */
  agentCount: number;
  /** How many agents get a token for the load test (rotated across requests). */
  tokenCount: number;
}

export interface SignatureServerReady {
  /** The HTTP server: the API, and `/__bench/constant` (a bare Hono route) beside it. */
  url: string;
  tokens: string[];
  /** The query the Outlook add-in sends with `tokens[i]`: variant and the From address. */
  queries: string[];
  agents: number;
  syncMs: number;
}

export type SignatureServerRequest = { op: "bulk"; repeats: number };

export interface BulkResult {
  /** Every active agent's signature rendered and taken one at a time, each attempt (ms). */
  renderMs: number[];
  /** The bulk export's whole JSON document, rendered and serialised (no socket), each attempt. */
  exportMs: number[];
  /** Loading the same agents (effective profiles, groups, managers) alone, each attempt (ms). */
  loadMs: number[];
  rendered: number;
  unsigned: number;
  averageCharacters: number;
  /** Length of the export's JSON document. */
  documentCharacters: number;
}
