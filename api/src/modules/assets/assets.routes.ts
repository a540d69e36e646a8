import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { TokenValidator } from "../../auth";
import { AppError } from "../../core/errors";
import { requireAuth } from "../../http/middleware/auth";
import { idempotency } from "../../http/middleware/idempotency";
import { errorResponses } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { type ServiceDeps, serviceContext } from "../../http/service-context";
import type { BlobStore } from "../../storage/blob-store";
import {
  AssetHashParamSchema,
  AssetListSchema,
  AssetSchema,
  ListAssetsQuerySchema,
  UploadAssetQuerySchema,
} from "./assets.schemas";
import { getAsset, listAssetViews, uploadAsset } from "./assets.service";

export type AssetRouteDeps = ServiceDeps & {
  validateToken: TokenValidator;
  blobs: BlobStore;
  /** The API's public origin (e.g. `https://relais.ville-dumbea.nc`): asset URLs are absolute. */
  publicUrl: string;
};

/** Every asset kind weighs far less (150 KB at most): the cap only stops reading a huge body. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

const binary = { schema: { type: "string" as const, format: "binary" } };

const uploadDescription =
  "The body is the image file itself, raw bytes — not a multipart form. Any Content-Type " +
  "(`image/png`, `image/jpeg`, `image/gif` or `application/octet-stream`) is accepted: the " +
  "format is read from the bytes. PNG, JPEG and GIF only (SVG and WebP do not display in " +
  "Outlook), within the limits of the kind; a refusal is a 422 whose `details` hold `code` " +
  "(`empty`, `unsupported_format`, `too_large`, `too_big_dimensions`, `too_small_dimensions`), " +
  "`message` in French and English, and the kind's `limits`. A body over 1 MB is a 413.\n\n" +
  "Assets are content-addressed (the id is the SHA-256 of the bytes): the first upload answers " +
  "201, uploading the same bytes again answers 200 with the asset already stored. An " +
  "`Idempotency-Key` header is honoured too.";

const formContentTypes = /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/** A form would otherwise fail as "not a PNG, JPEG or GIF", which misleads the developer. */
const rawBodyOnly = createMiddleware(async (c, next) => {
  if (formContentTypes.test(c.req.header("content-type") ?? "")) {
    throw new AppError(
      "unsupported_media_type",
      "Send the image bytes as the request body, not a form (multipart/form-data).",
      {
        message: {
          fr: "Envoyez les octets de l'image comme corps de la requête, pas un formulaire.",
          en: "Send the image bytes as the request body, not a form.",
        },
      },
    );
  }
  await next();
});

const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: () => {
    throw new AppError("payload_too_large", `The request body exceeds ${MAX_UPLOAD_BYTES} bytes.`, {
      maxBytes: MAX_UPLOAD_BYTES,
      message: {
        fr: "Le fichier dépasse 1 Mo. Une image de signature pèse au plus 150 Ko.",
        en: "The file exceeds 1 MB. A signature image weighs 150 KB at most.",
      },
    });
  },
});

/** Signature images (logos, banners, icons, photos): uploaded and listed by Editors. */
export function assetRoutes(deps: AssetRouteDeps) {
  const common = { tags: ["Assets"], security: [{ bearer: [] }] };
  const editor = requireAuth(deps.validateToken, "Relais.Editor");

  const upload = createRoute({
    ...common,
    method: "post",
    path: "/api/assets",
    summary: "Upload a signature image (Editor)",
    description: uploadDescription,
    middleware: [editor, rawBodyOnly, uploadLimit, idempotency(deps)] as const,
    request: {
      query: UploadAssetQuerySchema,
      body: {
        required: true,
        description: "The raw image bytes",
        content: {
          "image/png": binary,
          "image/jpeg": binary,
          "image/gif": binary,
          "application/octet-stream": binary,
        },
      },
    },
    responses: {
      201: {
        description: "Stored",
        content: { "application/json": { schema: AssetSchema } },
      },
      200: {
        description: "These bytes were already stored: the existing asset",
        content: { "application/json": { schema: AssetSchema } },
      },
      ...errorResponses(401, 403, 409, 413, 415, 422),
    },
  });

  const list = createRoute({
    ...common,
    method: "get",
    path: "/api/assets",
    summary: "Uploaded images, newest first (Editor)",
    middleware: [editor] as const,
    request: { query: ListAssetsQuerySchema },
    responses: {
      200: {
        description: "Newest first",
        content: { "application/json": { schema: AssetListSchema } },
      },
      ...errorResponses(401, 403, 422),
    },
  });

  const detail = createRoute({
    ...common,
    method: "get",
    path: "/api/assets/{hash}",
    summary: "One uploaded image's metadata (Editor)",
    middleware: [editor] as const,
    request: { params: AssetHashParamSchema },
    responses: {
      200: { description: "The asset", content: { "application/json": { schema: AssetSchema } } },
      ...errorResponses(401, 403, 404, 422),
    },
  });

  return createRouter()
    .openapi(upload, async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const { asset, created } = await uploadAsset(serviceContext(deps, c), deps, {
        ...c.req.valid("query"),
        bytes,
      });
      return created ? c.json(asset, 201) : c.json(asset, 200);
    })
    .openapi(list, async (c) => {
      const items = await listAssetViews(
        serviceContext(deps, c),
        deps.publicUrl,
        c.req.valid("query"),
      );
      return c.json({ items }, 200);
    })
    .openapi(detail, async (c) =>
      c.json(
        await getAsset(serviceContext(deps, c), deps.publicUrl, c.req.valid("param").hash),
        200,
      ),
    );
}
