import { AppError, notFound } from "../../core/errors";
import { withTransaction } from "../../db/transaction";
import type { BlobStore } from "../../storage/blob-store";
import { recordAudit } from "../audit";
import type { ServiceContext } from "../context";
import {
  type AssetRow,
  findAsset,
  findRendition,
  insertAsset,
  isAgentPhoto,
  listAssets,
  saveRendition,
} from "./assets.repo";
import type { AssetView, ListAssetsQuery } from "./assets.schemas";
import {
  ASSET_LIMITS,
  type AssetKind,
  loadSharp,
  MAX_INPUT_PIXELS,
  type ResizedPhoto,
  resizePhotoForSignature,
  validateAsset,
} from "./image";
import { assetUrl, extensionOf, isPhotoSize, PHOTO_EXTENSION } from "./urls";

export interface AssetStorage {
  blobs: BlobStore;
  /** The API's public origin: asset URLs in signatures must be absolute. */
  publicUrl: string;
}

/** Bytes for a public GET, with what the caching headers need. */
export interface PublicFile {
  bytes: Uint8Array;
  contentType: string;
  /** SHA-256 of `bytes`: the entity tag. */
  hash: string;
}

const ACCEPTED_FORMATS = ["png", "jpeg", "gif"] as const;
const AUDIT_ENTITY = "asset";
const HASH = /^[0-9a-f]{64}$/;
const PHOTO_FILE = new RegExp(`^([1-9][0-9]{0,3})\\.${PHOTO_EXTENSION}$`);

function toView(row: AssetRow, publicUrl: string): AssetView {
  return {
    hash: row.hash,
    kind: row.kind,
    name: row.name,
    contentType: row.contentType as AssetView["contentType"],
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    url: assetUrl(publicUrl, row),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Stores an uploaded image under the SHA-256 of its bytes. Uploading the same bytes again
 * changes nothing and answers the existing asset (`created: false`), whatever kind or name
 * comes with them, so a retried upload is harmless.
 */
export async function uploadAsset(
  ctx: ServiceContext,
  storage: AssetStorage,
  input: { kind: AssetKind; name?: string | undefined; bytes: Uint8Array },
): Promise<{ asset: AssetView; created: boolean }> {
  const validation = await validateAsset(input.bytes, input.kind);
  if (!validation.ok) {
    throw new AppError("validation_failed", validation.message.fr, {
      code: validation.code,
      message: validation.message,
      limits: { ...ASSET_LIMITS[input.kind], formats: ACCEPTED_FORMATS },
      ...(validation.details ? { observed: validation.details } : {}),
    });
  }
  const { info } = validation;
  // The blob goes first: a row never points at missing bytes, and an orphan blob is harmless.
  const hash = await storage.blobs.put(input.bytes);
  return withTransaction(ctx.db, async (tx) => {
    const row: AssetRow = {
      hash,
      kind: input.kind,
      contentType: info.contentType,
      width: info.width,
      height: info.height,
      bytes: info.bytes,
      name: input.name || null,
      uploadedBy: ctx.actor?.id ?? null,
      createdAt: ctx.clock.now(),
    };
    const inserted = await insertAsset(tx, row);
    if (!inserted) {
      const existing = await findAsset(tx, hash);
      if (!existing) throw new Error(`Asset ${hash} conflicted but cannot be read`);
      return { asset: toView(existing, storage.publicUrl), created: false };
    }
    const { uploadedBy: _, createdAt: __, ...after } = inserted;
    await recordAudit(
      { ...ctx, db: tx },
      { action: "asset.uploaded", entity: AUDIT_ENTITY, entityId: hash, before: null, after },
    );
    return { asset: toView(inserted, storage.publicUrl), created: true };
  });
}

export async function listAssetViews(
  ctx: ServiceContext,
  publicUrl: string,
  query: ListAssetsQuery,
): Promise<AssetView[]> {
  const rows = await listAssets(ctx.db, query);
  return rows.map((row) => toView(row, publicUrl));
}

export async function getAsset(
  ctx: ServiceContext,
  publicUrl: string,
  hash: string,
): Promise<AssetView> {
  const row = await findAsset(ctx.db, hash);
  if (!row) throw notFound("Asset", { hash });
  return toView(row, publicUrl);
}

/**
 * An uploaded asset's bytes by public file name `<hash>.<ext>`. Only rows of `assets` are
 * served, never any other blob (directory photos as Graph gave them keep their EXIF data).
 */
export async function readPublicAsset(
  ctx: ServiceContext,
  blobs: BlobStore,
  file: string,
): Promise<PublicFile> {
  const match = /^([0-9a-f]{64})\.([a-z]+)$/.exec(file);
  const hash = match?.[1];
  const row = hash ? await findAsset(ctx.db, hash) : null;
  if (!(hash && row) || extensionOf(row.contentType) !== match?.[2]) {
    throw notFound("Asset", { file });
  }
  const bytes = await blobs.get(hash);
  if (!bytes) {
    ctx.logger.error({ hash }, "asset row without its blob");
    throw notFound("Asset", { file });
  }
  return { bytes, contentType: row.contentType, hash };
}

/**
 * A directory photo as a `size` px square JPEG, made on first request and then kept (blob +
 * `photo_renditions`). Only the photo of some agent is resized, so nobody can make the server
 * decode arbitrary blobs; a rendition already made stays served after the photo changes, since
 * messages sent earlier still point at it.
 */
export async function readPhotoRendition(
  ctx: ServiceContext,
  blobs: BlobStore,
  params: { sourceHash: string; file: string },
): Promise<PublicFile> {
  const { sourceHash } = params;
  const size = Number(PHOTO_FILE.exec(params.file)?.[1]);
  const missing = () => notFound("Photo", { sourceHash, file: params.file });
  if (!(HASH.test(sourceHash) && isPhotoSize(size))) throw missing();

  const stored = await findRendition(ctx.db, sourceHash, size);
  if (stored) {
    const bytes = await blobs.get(stored.hash);
    if (bytes) return { bytes, contentType: stored.contentType, hash: stored.hash };
    ctx.logger.warn({ sourceHash, size }, "photo rendition blob missing: made again");
  } else if (!(await isAgentPhoto(ctx.db, sourceHash))) {
    throw missing();
  }

  const source = await blobs.get(sourceHash);
  if (!source) throw missing();
  const rendition = await renderJpeg(ctx, source, size);
  if (!rendition) throw missing();
  const hash = await blobs.put(rendition.bytes);
  const row = await saveRendition(ctx.db, {
    sourceHash,
    size,
    hash,
    contentType: rendition.contentType,
    createdAt: ctx.clock.now(),
  });
  if (row.hash === hash) return { bytes: rendition.bytes, contentType: row.contentType, hash };
  // Another replica stored a rendition first (an older encoder, say): its URL must keep one body.
  const winner = await blobs.get(row.hash);
  return winner
    ? { bytes: winner, contentType: row.contentType, hash: row.hash }
    : { bytes: rendition.bytes, contentType: rendition.contentType, hash };
}

/** The rendition as JPEG; null when the source photo cannot be decoded. */
async function renderJpeg(
  ctx: ServiceContext,
  source: Uint8Array,
  size: number,
): Promise<ResizedPhoto | null> {
  try {
    const resized = await resizePhotoForSignature(source, size);
    if (resized.contentType === "image/jpeg") return resized;
    // Transparent pixels in the square: flattened onto white, the background of a signature,
    // so the URL can say .jpg before anything is resized.
    const sharp = await loadSharp();
    const flat = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true })
      .flatten({ background: "#ffffff" })
      .png()
      .toBuffer();
    return await resizePhotoForSignature(flat, size);
  } catch (error) {
    ctx.logger.warn({ err: error, size }, "directory photo cannot be resized");
    return null;
  }
}
