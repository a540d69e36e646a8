/** Square sizes a directory photo is resized to for signatures (80 px displayed, ×2 for HiDPI). */
export const PHOTO_SIZES = [96, 192] as const;
export type PhotoSize = (typeof PHOTO_SIZES)[number];

export const isPhotoSize = (size: number): size is PhotoSize =>
  (PHOTO_SIZES as readonly number[]).includes(size);

const extensionsByContentType: Record<string, "png" | "jpg" | "gif"> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
};

/** The extension an asset of this content type is served under, or null for any other type. */
export function extensionOf(contentType: string): "png" | "jpg" | "gif" | null {
  return extensionsByContentType[contentType] ?? null;
}

/**
 * Photo renditions are always JPEG (a transparent photo is flattened onto white), so their URL
 * is known before the rendition exists and never depends on what the resize produces.
 */
export const PHOTO_EXTENSION = "jpg";

function origin(publicUrl: string): string {
  // Throws on a relative URL: a signature travels to other mailboxes, its images must be absolute.
  const url = new URL(publicUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Absolute, immutable URL of an uploaded asset: `<publicUrl>/assets/<hash>.<png|jpg|gif>`. */
export function assetUrl(publicUrl: string, asset: { hash: string; contentType: string }): string {
  const extension = extensionOf(asset.contentType);
  if (!extension) throw new Error(`No asset URL for content type ${asset.contentType}`);
  return `${origin(publicUrl)}/assets/${asset.hash.toLowerCase()}.${extension}`;
}

/**
 * Absolute URL of a directory photo (the effective profile's `photoHash`) resized to a square
 * of `size` px: `<publicUrl>/assets/photos/<sourceHash>/<size>.jpg`. It changes when the photo
 * does, so it is cached for good.
 */
export function photoUrl(publicUrl: string, sourceHash: string, size: PhotoSize): string {
  return `${origin(publicUrl)}/assets/photos/${sourceHash.toLowerCase()}/${size}.${PHOTO_EXTENSION}`;
}
