import { type Zippable, zipSync } from "fflate";
import { outlookJsonLocalization, outlookJsonManifest, PACKAGE_FILES } from "./outlook-json";
import { type ManifestSource, OTHER_LOCALES } from "./source";

export interface PackageIcons {
  /** 192 × 192 colour PNG (`icons/color-192.png`). */
  color: Uint8Array;
  /** 32 × 32 white outline on transparent (`icons/outline-32.png`). */
  outline: Uint8Array;
}

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * The app package the Microsoft 365 admin center takes for the unified manifest: manifest.json,
 * its two icons and one localization file per extra language, zipped flat.
 */
export function outlookAppPackage(source: ManifestSource, icons: PackageIcons): Uint8Array {
  const files: Zippable = {
    "manifest.json": json(outlookJsonManifest(source)),
    // PNGs are compressed already: stored as they are.
    [PACKAGE_FILES.colorIcon]: [icons.color, { level: 0 }],
    [PACKAGE_FILES.outlineIcon]: [icons.outline, { level: 0 }],
  };
  for (const locale of OTHER_LOCALES) {
    files[PACKAGE_FILES.localization(locale)] = json(outlookJsonLocalization(source, locale));
  }
  // A fixed date keeps the archive byte-for-byte repeatable for the same manifest.
  return zipSync(files, { mtime: FIXED_DATE });
}

const FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 12));
