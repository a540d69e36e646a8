import { existsSync } from "node:fs";
import { createRoute, z } from "@hono/zod-openapi";
import { outlookAppPackage } from "@relais/manifests";
import type { Context } from "hono";
import type { Logger } from "../../core/logger";
import { matchesIfNoneMatch } from "../../http/conditional";
import type { AppEnv } from "../../http/env";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import type { ClientConfig } from "../system";
import {
  type AddinSite,
  allowedRuntimeScripts,
  jsonManifestFor,
  manifestSource,
  runtimeConfigStatement,
  withRuntimeConfig,
  xmlManifestFor,
} from "./addin.service";
import { addinPath, cachePolicy, findAddinFile, strongEtag } from "./addin-files";
import { addinContentSecurityPolicy } from "./addin-security";

export interface AddinRouteDeps {
  publicUrl: string;
  clientConfig: ClientConfig;
  /** The built add-in (addins/outlook/dist); absent, `/addin/*` answers 404. */
  addinDistDir?: string;
  logger: Logger;
}

const ADDIN_MOUNT = "/addin";
const RUNTIME_SCRIPT = "launchevent.js";

const download = (file: string) => ({
  "Content-Disposition": `attachment; filename="${file}"`,
  "Cache-Control": "no-cache",
  "X-Content-Type-Options": "nosniff",
});

const text = { schema: { type: "string" as const } };
const binary = { schema: { type: "string" as const, format: "binary" } };

const xmlManifest = createRoute({
  method: "get",
  path: "/manifests/outlook.xml",
  tags: ["Outlook add-in"],
  summary: "The Outlook add-in only (XML) manifest for this server (public)",
  description:
    "For the Microsoft 365 admin center (Integrated apps → Upload custom apps). Required for " +
    "Outlook on Mac and on mobile. URLs point at this server's public URL; sign-in uses its " +
    "Entra app.",
  responses: {
    200: { description: "The manifest", content: { "application/xml": text } },
  },
});

const jsonManifest = createRoute({
  method: "get",
  path: "/manifests/outlook.json",
  tags: ["Outlook add-in"],
  summary: "The unified (JSON) manifest for this server (public)",
  description:
    "The manifest.json of the Microsoft 365 app package. To upload it, use the package " +
    "(`/manifests/outlook-app.zip`), which adds its icons and English texts.",
  responses: {
    200: {
      description: "The manifest",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
  },
});

const appPackage = createRoute({
  method: "get",
  path: "/manifests/outlook-app.zip",
  tags: ["Outlook add-in"],
  summary: "The Microsoft 365 app package (unified manifest, icons, English texts) (public)",
  responses: {
    200: { description: "The app package", content: { "application/zip": binary } },
    ...errorResponses(404),
  },
});

const allowedScripts = createRoute({
  method: "get",
  path: "/.well-known/microsoft-officeaddins-allowed.json",
  tags: ["Outlook add-in"],
  summary: "Event runtime scripts allowed to use SSO and CORS in classic Outlook (public)",
  responses: {
    200: {
      description: "The allowed scripts",
      content: {
        "application/json": {
          schema: z.object({ allowed: z.array(z.string()) }).openapi("AllowedAddinScripts"),
        },
      },
    },
  },
});

/**
 * The Outlook add-in, from this server: its manifests, the list classic Outlook checks before
 * giving event handlers SSO and CORS, and the built add-in itself under `/addin/`.
 */
export function addinRoutes(deps: AddinRouteDeps) {
  const site: AddinSite = { publicUrl: deps.publicUrl, clientConfig: deps.clientConfig };
  const csp = addinContentSecurityPolicy(deps.clientConfig.authority);
  if (!deps.addinDistDir || !existsSync(deps.addinDistDir)) {
    deps.logger.warn(
      { addinDistDir: deps.addinDistDir ?? null },
      "Outlook add-in not built: /addin/* answers 404 (the manifests are still served)",
    );
  }
  if (!deps.publicUrl.startsWith("https://")) {
    deps.logger.warn(
      { publicUrl: deps.publicUrl },
      "PUBLIC_URL is not https: Outlook refuses the add-in manifests this server generates",
    );
  }

  // What each file is served as (the runtime with its configuration), with its ETag: read and
  // hashed once per build rather than on every request (launchevent.js is ~340 KB with MSAL).
  const served = new Map<
    string,
    { version: string; bytes: Uint8Array; etag: string; type: string }
  >();
  const servedFile = async (path: string) => {
    const file = await findAddinFile(deps.addinDistDir, path);
    const known = served.get(path);
    if (known && known.version === file.version) return known;
    const bytes =
      path === RUNTIME_SCRIPT
        ? new TextEncoder().encode(
            withRuntimeConfig(
              new TextDecoder().decode(await file.read()),
              runtimeConfigStatement(site),
            ),
          )
        : await file.read();
    const entry = { version: file.version, bytes, etag: strongEtag(bytes), type: file.contentType };
    served.set(path, entry);
    return entry;
  };

  const serveAddin = async (c: Context<AppEnv>): Promise<Response> => {
    const path = addinPath(c.req.path, ADDIN_MOUNT) ?? "";
    const file = await servedFile(path);
    const headers = {
      "Content-Security-Policy": csp,
      "Cache-Control": cachePolicy(path),
      "X-Content-Type-Options": "nosniff",
      ETag: file.etag,
    };
    if (matchesIfNoneMatch(c.req.header("if-none-match"), file.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      "Content-Type": file.type,
    });
  };

  return createRouter()
    .openapi(xmlManifest, (c) =>
      c.body(xmlManifestFor(site), 200, {
        ...download("relais-outlook.xml"),
        "Content-Type": "application/xml; charset=utf-8",
      }),
    )
    .openapi(jsonManifest, (c) =>
      c.json(jsonManifestFor(site), 200, download("relais-outlook-manifest.json")),
    )
    .openapi(appPackage, async (c) => {
      const [color, outline] = await Promise.all([
        servedFile("icons/color-192.png"),
        servedFile("icons/outline-32.png"),
      ]);
      const zip = outlookAppPackage(manifestSource(site), {
        color: color.bytes,
        outline: outline.bytes,
      });
      return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
        ...download("relais-outlook-app.zip"),
        "Content-Type": "application/zip",
      });
    })
    .openapi(allowedScripts, (c) =>
      c.json(allowedRuntimeScripts(site), 200, { "Cache-Control": "public, max-age=3600" }),
    )
    .get(`${ADDIN_MOUNT}/*`, serveAddin);
}
