import { createApp } from "../../api/src/app";
import { createTokenValidator, remoteJwks } from "../../api/src/auth";
import { loadConfig } from "../../api/src/config";
import { fixedClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import type { DatabaseHandle } from "../../api/src/db/client";
import {
  declareDirectorySyncQueue,
  requestDirectorySync,
} from "../../api/src/jobs/directory-sync.job";
import { createQueue } from "../../api/src/jobs/queue";
import { createRuntime, type Runtime } from "../../api/src/main";
import { directoryProfiles, syncDirectory } from "../../api/src/modules/directory";
import type { Sandbox } from "../../api/src/sandbox";
import { createTestDatabase, type DbKind } from "./db";

/** The public origin test apps answer as (requests go through `app.request`, in process). */
export const PUBLIC_URL = "https://relais.test";

export interface TestAppOptions {
  database?: DatabaseHandle;
  jwksCooldownMs?: number;
  corsOrigins?: string[];
  /** Run the first directory sync from the sandbox tenant (for /api/me and the directory). */
  sync?: boolean;
  sandbox?: { agentCount?: number; pageSize?: number; seed?: number };
  /** Queue syncs through a real pg-boss queue on the test database (no worker). */
  queue?: boolean;
}

/**
 * The API wired by `createRuntime` (main.ts) in embedded mode — the sandbox tenant over HTTPS,
 * MSAL and the Graph client — on a test database, with requests sent in process through
 * `app.request`. JWKS downloads are counted so tests can see refreshes.
 */
export async function createTestApp(kind: DbKind, options: TestAppOptions = {}) {
  const database = options.database ?? (await createTestDatabase(kind));
  const clock = fixedClock(new Date());
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    CORS_ORIGINS: (options.corsOrigins ?? ["https://intranet.ville-dumbea.nc"]).join(","),
  });
  const logger = createLogger("silent");
  const runtime: Runtime = await createRuntime(config, {
    database,
    logger,
    clock,
    ephemeral: true,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
  const sandbox = runtime.sandbox as Sandbox;
  if (options.sync) {
    await syncDirectory(
      { db: database.db, clock, ids: randomIds, logger, actor: null, requestId: null },
      runtime.sync,
      { trigger: "manual", photos: "none" },
    );
  }
  let jwksDownloads = 0;
  const syncRequests: { trigger: string; full: boolean }[] = [];
  const queue = options.queue ? createQueue(database, logger) : null;
  if (queue) {
    await queue.start();
    await declareDirectorySyncQueue(queue);
  }
  const app = createApp({
    db: database.db,
    clock,
    ids: randomIds,
    logger,
    validateToken: createTokenValidator({
      ...runtime.trust,
      clock,
      jwks: remoteJwks(runtime.trust.jwksUrl, {
        cooldownMs: options.jwksCooldownMs ?? 30_000,
        fetch: async (url, init) => {
          jwksDownloads += 1;
          return runtime.fetch(url, init);
        },
      }),
    }),
    profiles: directoryProfiles(database.db),
    requestSync: async (job) => {
      syncRequests.push(job);
      return queue ? requestDirectorySync(queue, job) : `job-${syncRequests.length}`;
    },
    clientConfig: runtime.clientConfig,
    corsOrigins: config.corsOrigins,
    publicUrl: PUBLIC_URL,
    blobs: runtime.sync.blobs,
    // Tests change data and read signatures back at once: no window where a change is not seen.
    signatureGenerationFreshnessMs: 0,
    sandboxRoutes: sandbox.apiRoutes(),
  });

  const userByUpn = (upn: string) => {
    const user = sandbox.directory.users.find((u) => u.userPrincipalName === upn);
    if (!user) throw new Error(`no sandbox user ${upn}`);
    return user;
  };
  const tokenFor = async (upn: string) =>
    (await sandbox.issuer.mintUserToken(userByUpn(upn))).access_token;
  const withRole = (role: string | null) => {
    const user = sandbox.directory.users.find((u) =>
      role === null
        ? u.appRoles.length === 0 && u.accountEnabled
        : u.appRoles.includes(role as never),
    );
    if (!user) throw new Error(`no sandbox user with role ${role}`);
    return user;
  };

  return {
    app,
    runtime,
    sandbox,
    clock,
    database,
    tokenFor,
    withRole,
    syncRequests,
    jwksDownloads: () => jwksDownloads,
    queue,
    close: async () => {
      await queue?.stop({ graceful: false, wait: true });
      await runtime.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
