import { z } from "@hono/zod-openapi";
import { ASSET_KINDS } from "./image";

// Bidi embeddings and isolates are refused with the control characters: they can disguise a name.
const forbiddenCharacters = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

const kind = z.enum(ASSET_KINDS).openapi({
  description: "What the image is for: its limits (weight, dimensions) depend on it",
});

export const UploadAssetQuerySchema = z.object({
  kind,
  name: z
    .string()
    .normalize("NFC")
    .trim()
    .max(200)
    .refine((value) => !forbiddenCharacters.test(value), "Control characters are not allowed")
    .optional()
    .openapi({ description: "A label for the console (e.g. the file name)", example: "logo.png" }),
});

export type UploadAssetQuery = z.infer<typeof UploadAssetQuerySchema>;

export const ListAssetsQuerySchema = z.object({
  kind: kind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export type ListAssetsQuery = z.infer<typeof ListAssetsQuerySchema>;

export const AssetHashParamSchema = z.object({
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "A SHA-256 hash in lowercase hexadecimal")
    .openapi({ param: { name: "hash", in: "path" }, description: "SHA-256 of the bytes" }),
});

// Public paths are parsed by the route itself: a malformed one is a 404, not a 422.
export const AssetFileParamSchema = z.object({
  file: z.string().openapi({
    param: { name: "file", in: "path" },
    description: "`<hash>.<png|jpg|gif>`: the extension must be the stored format's",
    example: `${"0".repeat(64)}.png`,
  }),
});

export const PhotoFileParamSchema = z.object({
  sourceHash: z.string().openapi({
    param: { name: "sourceHash", in: "path" },
    description: "The agent's effective `photoHash` (directory photo or custom photo)",
  }),
  file: z.string().openapi({
    param: { name: "file", in: "path" },
    description: "`<size>.jpg`, size 96 or 192",
    example: "96.jpg",
  }),
});

export const AssetSchema = z
  .object({
    hash: z.string().openapi({ description: "SHA-256 of the bytes: the asset's id" }),
    kind,
    name: z.string().nullable(),
    contentType: z.enum(["image/png", "image/jpeg", "image/gif"]),
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int(),
    url: z.string().openapi({
      format: "uri",
      description: "Absolute public URL, immutable: safe to put in a signature",
    }),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Asset");

export type AssetView = z.infer<typeof AssetSchema>;

export const AssetListSchema = z
  .object({ items: z.array(AssetSchema) })
  .openapi("AssetList", { description: "Newest first" });
