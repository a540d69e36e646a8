/**
 * The wiring: builds real implementations from the configuration (`serve.ts` is the process
 * entry that reads it). Embedded default (no configuration): PGlite in ./.data and the built-in
 * sandbox tenant.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import type PgBoss from "pg-boss";
import { createApp } from "./app";
import { createTokenValidator, remoteJwks } from "./auth";
import type { Config } from "./config";
import { type Clock, systemClock } from "./core/clock";
import { randomIds } from "./core/ids";
import { createLogger, type Logger } from "./core/logger";
import { repoRoot } from "./core/paths";
import { type DatabaseHandle, openDatabase } from "./db/client";
import { applyMigrations } from "./db/migrate";
import { createGraphClient } from "./integrations/graph/client";
import type { DirectoryGraph } from "./integrations/graph/port";
import { createAppTokenProvider, type GraphCredential } from "./integrations/graph/token-provider";
import { createTransport } from "./integrations/graph/transport";
import {
  declareDirectorySyncQueue,
  requestDirectorySync,
  scheduleDirectorySync,
  workDirectorySync,
} from "./jobs/directory-sync.job";
import { createQueue } from "./jobs/queue";
import { systemContext } from "./modules/context";
import {
  type DirectorySyncDeps,
  directoryProfiles,
  hasCompletedDirectorySync,
  syncDirectory,
} from "./modules/directory";
import { createSignatureService, ensureSignatureDefaults } from "./modules/signatures";
import type { ClientConfig } from "./modules/system";
import type { Sandbox } from "./sandbox";
import { createDiskBlobStore } from "./storage/blob-store";

export const builtFrontEnds = { "/console": join(repoRoot, "intranet/console/dist") };
export const builtOutlookAddin = join(repoRoot, "addins/outlook/dist");

const GRAPH_RESOURCE = "https://graph.microsoft.com";

export interface StartOptions {
  /** Overrides for tests: an in-memory database, a silent logger, a fixed clock. */
  database?: DatabaseHandle;
  logger?: Logger;
  clock?: Clock;
  /** Keys, CA and blobs in memory/temporary places rather than under DATA_DIR. */
  ephemeral?: boolean;
  /** Size and paging of the sandbox tenant (tests, benchmarks). */
  sandbox?: { agentCount?: number; pageSize?: number; seed?: number };
}

/** Everything the API, the jobs and the CLI share, wired from the configuration. */
export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  handle: DatabaseHandle;
  sandbox: Sandbox | null;
  trust: { issuer: string; jwksUrl: string; tenantId: string; audiences: string[] };
  clientConfig: ClientConfig;
  sync: DirectorySyncDeps;
  fetch: ReturnType<typeof createTransport>["fetch"];
  close(): Promise<void>;
}

export async function createRuntime(config: Config, options: StartOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const handle = options.database ?? (await openDatabase(config.database));
  await applyMigrations(handle);
  await ensureSignatureDefaults(
    systemContext({ db: handle.db, clock, ids: randomIds, logger }, null),
  );
  const keep = (file: string) => (options.ephemeral ? undefined : `${config.dataDir}/${file}`);

  let sandbox: Sandbox | null = null;
  let tenantId: string;
  let clientId: string;
  let credential: GraphCredential;
  let authorityHost: string;
  let graphBaseUrl: string;
  let caPem: string | undefined;
  let trust: Runtime["trust"];
  let clientConfig: ClientConfig;
  if (config.tenant.mode === "tenant") {
    const tenant = config.tenant;
    ({ tenantId, clientId, authorityHost, graphBaseUrl } = tenant);
    credential =
      tenant.credential.kind === "secret"
        ? tenant.credential
        : {
            kind: "certificate",
            certificatePem: readFileSync(tenant.credential.certificateFile, "utf8"),
            privateKeyPem: readFileSync(tenant.credential.privateKeyFile, "utf8"),
          };
    caPem = tenant.graphCaFile ? readFileSync(tenant.graphCaFile, "utf8") : undefined;
    trust = tenant;
    clientConfig = {
      mode: "tenant",
      tenantId,
      clientId,
      // The App ID URI the API accepts tokens for (ENTRA_API_AUDIENCE, api://{client id} by default).
      apiScope: `${tenant.audiences.find((audience) => audience.includes("://")) ?? `api://${clientId}`}/access_as_user`,
      authority: `${authorityHost.replace(/\/+$/, "")}/${tenantId}`,
      sandbox: false,
    };
  } else {
    // The sandbox tenant (and its certificate tooling) is loaded only when it runs.
    const { createSandbox, SANDBOX_API_CLIENT_ID, SANDBOX_API_SECRET } = await import("./sandbox");
    sandbox = await createSandbox({
      clock,
      ids: randomIds,
      host: "127.0.0.1",
      port: config.tenant.sandboxHttpsPort,
      keyFile: keep("sandbox/signing-keys.json"),
      tlsFile: keep("sandbox/tls.json"),
      ...options.sandbox,
    });
    tenantId = sandbox.tenant.tenantId;
    clientId = SANDBOX_API_CLIENT_ID;
    credential = { kind: "secret", secret: SANDBOX_API_SECRET };
    authorityHost = sandbox.origin;
    graphBaseUrl = sandbox.origin;
    caPem = sandbox.caPem;
    trust = sandbox.trust;
    clientConfig = {
      mode: "embedded",
      tenantId,
      clientId: sandbox.tenant.webClientId,
      apiScope: `${sandbox.tenant.apiAppIdUri}/access_as_user`,
      authority: `${sandbox.tenant.loginBaseUrl.replace(/\/+$/, "")}/${tenantId}`,
      sandbox: true,
    };
  }

  const transport = createTransport({ caPem });
  const tokens = createAppTokenProvider({
    tenantId,
    clientId,
    credential,
    authorityHost,
    graphResource: GRAPH_RESOURCE,
    fetch: transport.fetch,
    logger,
  });
  const graph: DirectoryGraph = createGraphClient({
    baseUrl: graphBaseUrl,
    tokens,
    fetch: transport.fetch,
    clock,
    ids: randomIds,
    logger,
  });
  const blobRoot = options.ephemeral
    ? join(tmpdir(), `relais-blobs-${randomIds.uuid()}`)
    : `${config.dataDir}/blobs`;
  return {
    config,
    logger,
    clock,
    handle,
    sandbox,
    trust,
    clientConfig,
    sync: { graph, blobs: createDiskBlobStore(blobRoot), exclusive: handle.exclusive },
    fetch: transport.fetch,
    close: async () => {
      await sandbox?.close();
      await transport.close();
      await handle.close();
    },
  };
}

export interface RunningServer {
  url: string;
  runtime: Runtime;
  queue: PgBoss;
  close(): Promise<void>;
}

export async function start(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const runtime = await createRuntime(config, options);
  const { logger, clock, handle } = runtime;

  const queue = createQueue(handle, logger);
  await queue.start();
  await declareDirectorySyncQueue(queue);

  // The directory is the source of every profile. The sandbox's is small: synced before
  // serving. A real tenant's first full sync may take minutes: queued.
  if (config.tenant.mode === "embedded") {
    await syncDirectory(
      systemContext({ db: handle.db, clock, ids: randomIds, logger }),
      runtime.sync,
      { trigger: "startup" },
    );
  } else if (!(await hasCompletedDirectorySync(handle.db))) {
    await requestDirectorySync(queue, { trigger: "startup", full: true });
  }
  await workDirectorySync(queue, {
    db: handle.db,
    clock,
    ids: randomIds,
    logger,
    sync: runtime.sync,
  });
  if (config.directorySync.enabled) {
    await scheduleDirectorySync(queue, { intervalMinutes: config.directorySync.intervalMinutes });
  }

  let app: ReturnType<typeof createApp> | undefined;
  const server = createAdaptorServer({
    // The Node bindings (incoming, outgoing) go along, as routes expect them in `c.env`.
    fetch: (request, env) => app?.fetch(request, env) ?? new Response("starting", { status: 503 }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = config.publicUrl.replace(/:0$/, `:${port}`);

  // Banner impressions are counted in memory and written in batches: the last ones on shutdown.
  const signatures = createSignatureService({ db: handle.db, clock, logger, publicUrl });
  app = createApp({
    signatures,
    db: handle.db,
    clock,
    ids: randomIds,
    logger,
    validateToken: createTokenValidator({
      ...runtime.trust,
      jwks: remoteJwks(runtime.trust.jwksUrl, { fetch: (url, init) => runtime.fetch(url, init) }),
      clock,
    }),
    profiles: directoryProfiles(handle.db),
    requestSync: (job) => requestDirectorySync(queue, job),
    clientConfig: runtime.clientConfig,
    corsOrigins: config.corsOrigins,
    publicUrl,
    blobs: runtime.sync.blobs,
    sandboxRoutes: runtime.sandbox?.apiRoutes(),
    frontEnds: builtFrontEnds,
    addinDistDir: builtOutlookAddin,
  });
  logger.info(
    { url: publicUrl, mode: config.tenant.mode, database: handle.kind },
    "Relais API listening",
  );

  return {
    url: publicUrl,
    runtime,
    queue,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await signatures
        .flushImpressions()
        .catch((error: unknown) => logger.error({ err: error }, "banner impressions lost"));
      await queue.stop({ graceful: false, wait: true });
      await runtime.close();
    },
  };
}
