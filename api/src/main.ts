/**
 * Process entry: the only place that reads configuration and wires real implementations.
 * Embedded default (no configuration): PGlite in ./.data and the built-in sandbox tenant.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createAdaptorServer } from "@hono/node-server";
import { createApp } from "./app";
import { createTokenValidator, remoteJwks } from "./auth";
import { type Config, ConfigError, loadConfig } from "./config";
import { type Clock, systemClock } from "./core/clock";
import { randomIds } from "./core/ids";
import { createLogger, type Logger } from "./core/logger";
import { type DatabaseHandle, openDatabase } from "./db/client";
import { applyMigrations } from "./db/migrate";
import type { ProfileLookup } from "./modules/identity";
import { createSandbox } from "./sandbox";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const builtFrontEnds = { "/console": `${repoRoot}intranet/console/dist` };

export interface StartOptions {
  /** Overrides for tests: an in-memory database, a silent logger, a fixed clock. */
  database?: DatabaseHandle;
  logger?: Logger;
  clock?: Clock;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function start(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const handle = options.database ?? (await openDatabase(config.database));
  await applyMigrations(handle);

  // Listen first so that port 0 (tests) is known before the sandbox issuer's URLs are built.
  let app: ReturnType<typeof createApp> | undefined;
  const server = createAdaptorServer({
    fetch: (request) => app?.fetch(request) ?? new Response("starting", { status: 503 }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = config.publicUrl.replace(/:0$/, `:${port}`);

  let trust: { issuer: string; jwksUrl: string; tenantId: string; audiences: string[] };
  let profiles: ProfileLookup;
  let clientConfig: Parameters<typeof createApp>[0]["clientConfig"];
  let sandboxRoutes: Parameters<typeof createApp>[0]["sandboxRoutes"];
  if (config.tenant.mode === "tenant") {
    trust = config.tenant;
    profiles = async () => null;
    clientConfig = {
      mode: "tenant",
      tenantId: config.tenant.tenantId,
      clientId: config.tenant.clientId,
      apiScope: `api://${config.tenant.clientId}/access_as_user`,
      sandbox: false,
    };
  } else {
    const sandbox = await createSandbox({
      baseUrl: publicUrl,
      clock,
      ids: randomIds,
      keyFile: options.database ? undefined : `${config.dataDir}/sandbox/signing-keys.json`,
    });
    trust = sandbox.trust;
    profiles = sandbox.profiles;
    sandboxRoutes = sandbox.routes();
    clientConfig = {
      mode: "embedded",
      tenantId: sandbox.tenant.tenantId,
      clientId: sandbox.tenant.webClientId,
      apiScope: `${sandbox.tenant.apiAppIdUri}/access_as_user`,
      sandbox: true,
    };
  }

  app = createApp({
    db: handle.db,
    clock,
    ids: randomIds,
    logger,
    validateToken: createTokenValidator({ ...trust, jwks: remoteJwks(trust.jwksUrl), clock }),
    profiles,
    clientConfig,
    corsOrigins: config.corsOrigins,
    sandboxRoutes,
    frontEnds: builtFrontEnds,
  });
  logger.info(
    { url: publicUrl, mode: config.tenant.mode, database: handle.kind },
    "Relais API listening",
  );

  return {
    url: publicUrl,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    },
  };
}

async function runFromCommandLine(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Relais cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = await start(config);
  process.stdout.write(`\nRelais est prêt : ${running.url}/console/\n\n`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFromCommandLine().catch((error: unknown) => {
    process.stderr.write(
      `Relais failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
