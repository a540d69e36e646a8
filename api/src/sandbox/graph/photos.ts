import { createHash } from "node:crypto";
import { AVATAR_SIZE, avatarHash, avatarTemplate, renderAvatar } from "./avatar";
import { controlInvalid } from "./control-error";

export type PhotoContentType = "image/png" | "image/jpeg";

export interface PhotoMetadata {
  contentType: PhotoContentType;
  /** Quoted, as in `@odata.mediaEtag`. */
  etag: string;
  width: number;
  height: number;
}

interface StoredPhoto {
  variant: number;
  uploaded: { bytes: Buffer; contentType: PhotoContentType } | null;
  etag: string;
}

export type PhotoUpdate =
  | { bytes: Uint8Array; contentType: PhotoContentType }
  | { regenerate: true };

const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/**
 * Profile photos: generated avatars by default (drawn from a small set of templates, each
 * encoded once), or uploaded bytes. The etag changes whenever the photo does.
 */
export function createPhotoStore(seed: number, initial: Iterable<string>) {
  const photos = new Map<string, StoredPhoto>();
  const encoded = new Map<string, Buffer>();
  const avatar = (userId: string, variant: number): Buffer => {
    const template = avatarTemplate(avatarHash(`${seed}:${userId}:${variant}`));
    let bytes = encoded.get(template.key);
    if (!bytes) {
      bytes = renderAvatar(template);
      encoded.set(template.key, bytes);
    }
    return bytes;
  };
  const generatedEtag = (userId: string, variant: number) =>
    `"${avatarHash(`${seed}:${userId}:${variant}`).toString(16).toUpperCase().padStart(8, "0")}"`;
  const generated = (userId: string, variant: number): StoredPhoto => ({
    variant,
    uploaded: null,
    etag: generatedEtag(userId, variant),
  });
  for (const userId of initial) photos.set(userId, generated(userId, 0));

  return {
    metadata(userId: string): PhotoMetadata | null {
      const photo = photos.get(userId);
      if (!photo) return null;
      return {
        contentType: photo.uploaded?.contentType ?? "image/png",
        etag: photo.etag,
        width: AVATAR_SIZE,
        height: AVATAR_SIZE,
      };
    },
    content(userId: string): { bytes: Buffer; contentType: PhotoContentType } | null {
      const photo = photos.get(userId);
      if (!photo) return null;
      return photo.uploaded ?? { bytes: avatar(userId, photo.variant), contentType: "image/png" };
    },
    /** Sets new bytes, or a freshly generated avatar; returns the new etag. */
    set(userId: string, update: PhotoUpdate): string {
      const variant = (photos.get(userId)?.variant ?? -1) + 1;
      if ("regenerate" in update) {
        const photo = generated(userId, variant);
        photos.set(userId, photo);
        return photo.etag;
      }
      if (update.bytes.byteLength === 0 || update.bytes.byteLength > MAX_UPLOAD_BYTES) {
        throw controlInvalid("A photo must be between 1 byte and 4 MB.");
      }
      const bytes = Buffer.from(update.bytes);
      const digest = createHash("sha1").update(bytes).digest("hex").slice(0, 8).toUpperCase();
      const photo: StoredPhoto = {
        variant,
        uploaded: { bytes, contentType: update.contentType },
        etag: `"${digest}${variant.toString(16).toUpperCase()}"`,
      };
      photos.set(userId, photo);
      return photo.etag;
    },
    clear(userId: string): void {
      photos.delete(userId);
    },
    has: (userId: string): boolean => photos.has(userId),
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
