export { outlookAppPackage, type PackageIcons } from "./app-package";
export { ICON_FILES, type IconFile, type IconVariant, iconSvg } from "./icons";
export {
  isLaunchEventType,
  LAUNCH_EVENTS,
  type LaunchEventType,
  MOBILE_LAUNCH_EVENTS,
} from "./launch-events";
export {
  outlookJsonLocalization,
  outlookJsonManifest,
  PACKAGE_FILES,
  UNIFIED_MANIFEST_VERSION,
  type UnifiedManifest,
} from "./outlook-json";
export { outlookXmlManifest } from "./outlook-xml";
export {
  DEFAULT_LOCALE,
  DEFAULT_VERSION,
  type DefaultSourceOptions,
  defaultManifestSource,
  eventRequirementSet,
  type FormFactor,
  ICON_SIZES,
  type IconSize,
  type LaunchEventBinding,
  type Locale,
  type Localized,
  type ManifestSource,
  OTHER_LOCALES,
  RELAIS_ADDIN_ID,
  resourceOfScope,
} from "./source";
export {
  checkManifestStructure,
  type IconFetcher,
  type IconResponse,
  type StructureCheck,
  type StructureCheckInput,
} from "./structure";
export { validateJsonLocalization, validateJsonManifest } from "./validate-json";
export { defaultSchemaDir, validateXmlManifest, type XmlValidationOptions } from "./validate-xml";
