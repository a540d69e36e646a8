/**
 * Child process of the signatures suite: the API wired by `createRuntime` (embedded sandbox
 * tenant, PostgreSQL) with the directory synced, served over HTTP by the same server code as
 * `npm start`, plus one bare Hono route returning a constant on that same server: the ceiling.
 */

import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono } from "hono";
import { createApp } from "../../api/src/app";
import { createTokenValidator, remoteJwks } from "../../api/src/auth";
import { loadConfig } from "../../api/src/config";
import { systemClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import { assets, bannerCampaigns } from "../../api/src/db/schema";
import { createRuntime } from "../../api/src/main";
import { systemContext } from "../../api/src/modules/context";
import {
  directoryProfiles,
  loadAgentSubjects,
  syncDirectory,
} from "../../api/src/modules/directory";
import { bulkDocumentChunks } from "../../api/src/modules/signatures/bulk-export";
import { prepareBulkRendering } from "../../api/src/modules/signatures/render.service";
import type { Sandbox } from "../../api/src/sandbox";
import { serveWorker } from "../lib/worker";
import type {
  BulkResult,
  SignatureServerInit,
  SignatureServerReady,
  SignatureServerRequest,
} from "./signatures-protocol";

serveWorker<SignatureServerInit, SignatureServerRequest, BulkResult>(async (init) => {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    DATABASE_URL: init.databaseUrl,
    DATA_DIR: init.dataDir,
    DIRECTORY_SYNC: "off",
  });
  const logger = createLogger("silent");
  const runtime = await createRuntime(config, {
    logger,
    clock: systemClock,
    ephemeral: true,
    sandbox: { agentCount: init.agentCount, pageSize: 200, seed: 1 },
  });
  const sandbox = runtime.sandbox as Sandbox;
  const ctx = systemContext(
    { db: runtime.handle.db, clock: systemClock, ids: randomIds, logger },
    null,
  );
  const syncStarted = performance.now();
  await syncDirectory(ctx, runtime.sync, { trigger: "manual", photos: "none" });
  const syncMs = performance.now() - syncStarted;

  // A campaign for everyone, as most days: every signature carries a banner and counts it.
  const hash = "c".repeat(64);
  await runtime.handle.db.insert(assets).values({
    hash,
    kind: "banner",
    contentType: "image/png",
    width: 600,
    height: 120,
    bytes: 20_000,
    name: "bench.png",
    createdAt: new Date(),
  });
  await runtime.handle.db.insert(bannerCampaigns).values({
    id: randomIds.uuid(),
    name: "Campagne de mesure",
    status: "active",
    startsAt: new Date(Date.now() - 3600_000),
    endsAt: null,
    audience: { kind: "everyone" },
    placement: "all",
    priority: 1,
    rotation: false,
    imageHash: hash,
    imageWidth: 600,
    imageHeight: 120,
    alt: "Campagne de mesure",
    destinationUrl: "https://www.ville-dumbea.nc/",
    createdAt: new Date(),
    updatedAt: new Date(),
  });

  const app = createApp({
    db: runtime.handle.db,
    clock: systemClock,
    ids: randomIds,
    logger,
    validateToken: createTokenValidator({
      ...runtime.trust,
      jwks: remoteJwks(runtime.trust.jwksUrl, {
        fetch: (url, options) => runtime.fetch(url, options),
      }),
      clock: systemClock,
    }),
    profiles: directoryProfiles(runtime.handle.db),
    requestSync: async () => null,
    clientConfig: runtime.clientConfig,
    corsOrigins: [],
    publicUrl: "http://127.0.0.1",
    blobs: runtime.sync.blobs,
  });
  const bare = new Hono().get("/__bench/constant", (c) => c.text("ok"));
  const server = createAdaptorServer({
    // As npm start does, the Node bindings go along to the API (see api/src/main.ts).
    fetch: (request: Request, env) =>
      new URL(request.url).pathname === "/__bench/constant"
        ? bare.fetch(request, env)
        : app.fetch(request, env),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const users = sandbox.directory.users
    .filter((user) => user.accountEnabled)
    .slice(0, init.tokenCount);
  const tokens = await Promise.all(
    users.map(async (user) => (await sandbox.issuer.mintUserToken(user)).access_token),
  );
  // As the add-in asks (addins/outlook/src/launchevent/signature-api.ts): the variant, and the
  // From address of the message, here the agent's own.
  const queries = users.map(
    (user) => `variant=new&mailbox=${encodeURIComponent(user.mail ?? user.userPrincipalName)}`,
  );
  const ready: SignatureServerReady = { url, tokens, queries, agents: init.agentCount, syncMs };

  return {
    ready,
    async handle(request): Promise<BulkResult> {
      const renderMs: number[] = [];
      const exportMs: number[] = [];
      const loadMs: number[] = [];
      let rendered = 0;
      let unsigned = 0;
      let characters = 0;
      let documentCharacters = 0;
      const prepare = () =>
        prepareBulkRendering(ctx, "https://relais.ville-dumbea.nc", {
          variant: "new",
          at: new Date(),
          withoutText: true,
        });
      for (let i = 0; i < request.repeats; i += 1) {
        let started = performance.now();
        await loadAgentSubjects(ctx, "all");
        loadMs.push(performance.now() - started);

        // Every signature rendered, taken one at a time as the export takes them.
        started = performance.now();
        const rendering = await prepare();
        rendered = 0;
        characters = 0;
        for (const signature of rendering.signatures()) {
          rendered += 1;
          characters += signature.characters;
        }
        renderMs.push(performance.now() - started);
        unsigned = rendering.unsigned.length;

        // The export's whole document (GET /api/signatures/bulk) without the socket.
        started = performance.now();
        const at = new Date();
        documentCharacters = 0;
        for (const chunk of bulkDocumentChunks(await prepare(), at.toISOString())) {
          documentCharacters += chunk.length;
        }
        exportMs.push(performance.now() - started);
      }
      return {
        renderMs,
        exportMs,
        loadMs,
        rendered,
        unsigned,
        averageCharacters: rendered ? Math.round(characters / rendered) : 0,
        documentCharacters,
      };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
});
