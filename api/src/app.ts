import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { TokenValidator } from "./auth";
import type { Clock } from "./core/clock";
import { AppError } from "./core/errors";
import type { IdGenerator } from "./core/ids";
import type { Logger } from "./core/logger";
import type { Database } from "./db/client";
import { apiReference } from "./http/api-reference";
import { createErrorHandler } from "./http/errors";
import { accessLog } from "./http/middleware/access-log";
import { cors } from "./http/middleware/cors";
import { responseHeaders } from "./http/middleware/response-headers";
import { createNotFoundHandler } from "./http/not-found";
import { createRouter, type Router } from "./http/router";
import { serveSinglePageApp } from "./http/static-files";
import { addinRoutes } from "./modules/addin";
import { assetRoutes, publicAssetRoutes } from "./modules/assets";
import { auditRoutes } from "./modules/audit";
import { campaignRoutes } from "./modules/campaigns";
import { directoryRoutes, type SyncRoutesDeps, syncRoutes } from "./modules/directory";
import { identityRoutes, type ProfileLookup } from "./modules/identity";
import {
  createSignatureService,
  type SignatureService,
  signatureRoutes,
  templateRoutes,
} from "./modules/signatures";
import { type ClientConfig, systemRoutes } from "./modules/system";
import type { BlobStore } from "./storage/blob-store";

export interface AppDeps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  validateToken: TokenValidator;
  profiles: ProfileLookup;
  /** Queues a directory sync (the job queue); null when one is already waiting. */
  requestSync: SyncRoutesDeps["requestSync"];
  clientConfig: ClientConfig;
  corsOrigins: string[];
  /** The API's public origin: absolute URLs in signatures (images, click tracking) start with it. */
  publicUrl: string;
  /** Content-addressed storage of photos and uploaded assets. */
  blobs: BlobStore;
  /** See `createSignatureService`: 200 ms by default; tests read it on every request (0). */
  signatureGenerationFreshnessMs?: number;
  /** The agents' signature cache, when the caller must flush it on shutdown; else one is made. */
  signatures?: SignatureService;
  /** Routes of the built-in sandbox tenant: present in embedded mode only. */
  sandboxRoutes?: Router;
  /** The built Outlook add-in (addins/outlook/dist), served under `/addin/`. */
  addinDistDir?: string;
  /** Built front ends to serve, by mount path (e.g. `/console` → its dist folder). */
  frontEnds?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Where the API serves pages a browser renders (with the front ends), which get the document
 * security headers (see middleware/response-headers.ts); every other answer is the API's.
 */
const DOCUMENT_PATHS = ["/docs", "/addin", "/r"] as const;

export function createApp(deps: AppDeps) {
  const app = createRouter();
  const signatures =
    deps.signatures ??
    createSignatureService({
      ...deps,
      ...(deps.signatureGenerationFreshnessMs === undefined
        ? {}
        : { generationFreshnessMs: deps.signatureGenerationFreshnessMs }),
    });

  app.use(
    responseHeaders({
      ids: deps.ids,
      documentPaths: [...DOCUMENT_PATHS, ...Object.keys(deps.frontEnds ?? {})],
    }),
  );
  app.use(accessLog(deps.logger, deps.clock));
  app.use(
    cors({
      origins: deps.corsOrigins,
      allowHeaders: [
        "Authorization",
        "Content-Type",
        "Idempotency-Key",
        "If-Match",
        "If-None-Match",
        "X-Request-Id",
      ],
      exposeHeaders: ["X-Request-Id", "ETag"],
      maxAge: 600,
    }),
  );
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    },
  });
  // Only requests that carry a body are checked: looking at a GET's body costs a full Request.
  app.use((c, next) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next),
  );

  app.route("/", systemRoutes(deps));
  app.route("/", identityRoutes(deps));
  app.route("/", auditRoutes(deps));
  app.route("/", directoryRoutes(deps));
  app.route("/", syncRoutes(deps));
  app.route("/", assetRoutes(deps));
  app.route("/", publicAssetRoutes(deps));
  app.route("/", signatureRoutes({ ...deps, signatures }));
  app.route("/", templateRoutes(deps));
  app.route("/", campaignRoutes(deps));
  app.route(
    "/",
    addinRoutes({
      publicUrl: deps.publicUrl,
      clientConfig: deps.clientConfig,
      logger: deps.logger,
      ...(deps.addinDistDir ? { addinDistDir: deps.addinDistDir } : {}),
    }),
  );
  if (deps.sandboxRoutes) app.route("/", deps.sandboxRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An Entra ID access token for the Relais API",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Relais API",
      version: "0.1.0",
      description:
        "Communication suite for the Ville de Dumbéa: directory, signatures, news, requests.",
    },
  });
  app.route("/", apiReference());

  for (const [mountPath, dir] of Object.entries(deps.frontEnds ?? {})) {
    const serve = serveSinglePageApp(dir, mountPath);
    app.get(mountPath, (c) => c.redirect(`${mountPath}/`, 302));
    app.get(`${mountPath}/*`, serve);
  }
  if (deps.frontEnds?.["/console"]) app.get("/", (c) => c.redirect("/console/", 302));

  app.notFound(createNotFoundHandler(app as unknown as Hono<never>));
  app.onError(createErrorHandler(deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
