import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { matchesIfNoneMatch } from "../../http/conditional";
import type { AppEnv } from "../../http/env";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import type { ServiceDeps } from "../../http/service-context";
import type { BlobStore } from "../../storage/blob-store";
import { systemContext } from "../context";
import { AssetFileParamSchema, PhotoFileParamSchema } from "./assets.schemas";
import { type PublicFile, readPhotoRendition, readPublicAsset } from "./assets.service";

export type PublicAssetRouteDeps = ServiceDeps & { blobs: BlobStore };

/**
 * Headers of every public image. The URL names the content, so it is cached for good. Signatures
 * are shown by mail clients and the Outlook add-in on other origins, hence `cross-origin`; the
 * CSP and nosniff keep the bytes an inert image even when opened directly.
 */
export const PUBLIC_IMAGE_HEADERS = {
  "Cache-Control": "public, max-age=31536000, immutable",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Cross-Origin-Resource-Policy": "cross-origin",
} as const;

const image = { schema: { type: "string" as const, format: "binary" } };
const imageContent = { "image/png": image, "image/jpeg": image, "image/gif": image };

function serveImmutable(c: Context<AppEnv>, file: PublicFile): Response {
  const etag = `"${file.hash}"`;
  const headers = { ...PUBLIC_IMAGE_HEADERS, ETag: etag };
  if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    "Content-Type": file.contentType,
    "Content-Length": String(file.bytes.byteLength),
  });
}

/**
 * Images referenced by signatures, without authentication: recipients' mail clients fetch them.
 * GET only (HEAD is answered from it).
 */
export function publicAssetRoutes(deps: PublicAssetRouteDeps) {
  const common = { tags: ["Assets"], method: "get" as const };
  const responses = (description: string) => ({
    200: {
      description,
      headers: {
        ETag: { schema: { type: "string" as const }, description: '`"<sha256 of the body>"`' },
        "Cache-Control": { schema: { type: "string" as const } },
      },
      content: imageContent,
    },
    304: { description: "If-None-Match matched the ETag" },
    ...errorResponses(404),
  });

  const asset = createRoute({
    ...common,
    path: "/assets/{file}",
    summary: "An uploaded image, by content hash (public, immutable)",
    description:
      "The exact bytes uploaded. The extension must be the stored format's (`png`, `jpg`, " +
      "`gif`), else 404. Cached for a year; `If-None-Match` with the ETag answers 304.",
    request: { params: AssetFileParamSchema },
    responses: responses("The image"),
  });

  const photo = createRoute({
    ...common,
    path: "/assets/photos/{sourceHash}/{file}",
    summary: "An agent's photo as a signature square (public, immutable)",
    description:
      "The agent's photo (Entra's or the custom one of an override) cropped to a centred " +
      "square of 96 or 192 px, made on first request and kept. Always JPEG, so the URL " +
      "(`<size>.jpg`) is known in advance: a transparent photo is flattened onto white. Only " +
      "the hash of some agent's photo is resized; any other hash, size or extension is a 404. " +
      "The URL changes with the photo, so it is cached for a year.",
    request: { params: PhotoFileParamSchema },
    responses: responses("The square JPEG"),
  });

  return createRouter()
    .openapi(asset, async (c) => {
      const ctx = systemContext(deps, c.var.requestId ?? null);
      return serveImmutable(c, await readPublicAsset(ctx, deps.blobs, c.req.valid("param").file));
    })
    .openapi(photo, async (c) => {
      const ctx = systemContext(deps, c.var.requestId ?? null);
      return serveImmutable(c, await readPhotoRendition(ctx, deps.blobs, c.req.valid("param")));
    });
}
