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
  agents: number;
  syncMs: number;
}

export type SignatureServerRequest = { op: "bulk"; repeats: number };

export interface BulkResult {
  /** renderAll of every active agent, each attempt (ms). */
  renderMs: number[];
  /** Loading the same agents (effective profiles, groups, managers) alone, each attempt (ms). */
  loadMs: number[];
  rendered: number;
  unsigned: number;
  averageCharacters: number;
}
