import { loadConfig } from "../../api/src/config";
import { createLogger } from "../../api/src/core/logger";
import { openDatabase } from "../../api/src/db/client";
import { start } from "../../api/src/main";

/**
 * The real API process wiring (`start` from main.ts) on a free port: embedded mode, PGlite in
 * memory, the sandbox tenant, and the built front ends.
 */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
  return start(config, {
    database: await openDatabase({ kind: "pglite-memory" }),
    logger: createLogger("silent"),
    ephemeral: true,
  });
}
