export { type AssetRouteDeps, assetRoutes, MAX_UPLOAD_BYTES } from "./assets.routes";
export type { AssetView } from "./assets.schemas";
export {
  ASSET_KINDS,
  ASSET_LIMITS,
  type AssetKind,
  type AssetLimits,
  type AssetValidation,
  type ImageContentType,
  type ImageFormat,
  type ImageInfo,
  imageExtension,
  type LocalizedMessage,
  probeImage,
  resizePhotoForSignature,
  validateAsset,
} from "./image";
export {
  PUBLIC_IMAGE_HEADERS,
  type PublicAssetRouteDeps,
  publicAssetRoutes,
} from "./public-assets.routes";
export { assetUrl, extensionOf, isPhotoSize, PHOTO_SIZES, type PhotoSize, photoUrl } from "./urls";
