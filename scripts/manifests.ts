/**
 * `npm run manifests -- --base-url https://relais.example.nc [--client-id <guid>]
 *   [--api-scope api://<guid>/access_as_user] [--version 1.2.0] [--support-url https://…]
 *   [--out manifests/dist] [--schema-dir …] [--bundle addins/outlook/dist/launchevent.js]
 *   [--offline]`
 * writes the Outlook add-in manifests (XML, unified JSON and its app package) for one
 * environment, then validates them: Microsoft's XSDs, the unified manifest schema, and the
 * structural checks (https, resids, event names, icons that answer, handlers in the bundle).
 * Exit code 1 when anything is wrong.
 *
 * `npm run manifests -- --icons` redraws the add-in icons into addins/outlook/public/icons.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { SANDBOX_API_CLIENT_ID, SANDBOX_WEB_CLIENT_ID } from "../api/src/sandbox/apps";
import {
  checkManifestStructure,
  defaultManifestSource,
  ICON_FILES,
  iconSvg,
  type ManifestSource,
  OTHER_LOCALES,
  outlookAppPackage,
  outlookJsonLocalization,
  outlookJsonManifest,
  outlookXmlManifest,
  PACKAGE_FILES,
  validateJsonLocalization,
  validateJsonManifest,
  validateXmlManifest,
} from "../manifests/src/index";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const iconsDir = join(repoRoot, "addins/outlook/public/icons");
const show = (path: string) => relative(process.cwd(), path) || ".";
const timeout = () => AbortSignal.timeout(10_000);

const { values } = parseArgs({
  options: {
    "base-url": { type: "string" },
    "client-id": { type: "string" },
    "api-scope": { type: "string" },
    version: { type: "string" },
    "support-url": { type: "string" },
    out: { type: "string", default: join(repoRoot, "manifests/dist") },
    "schema-dir": { type: "string" },
    bundle: { type: "string" },
    offline: { type: "boolean", default: false },
    icons: { type: "boolean", default: false },
  },
});

async function drawIcons(): Promise<void> {
  await mkdir(iconsDir, { recursive: true });
  for (const icon of ICON_FILES) {
    const png = await sharp(Buffer.from(iconSvg(icon.size, icon.variant)))
      .png({ compressionLevel: 9 })
      .toBuffer();
    await writeFile(join(iconsDir, icon.file), png);
    console.log(`  wrote ${show(join(iconsDir, icon.file))} (${icon.size} px, ${icon.variant})`);
  }
}

function sourceFromArguments(): ManifestSource {
  const baseUrl = values["base-url"];
  if (!baseUrl) {
    console.error("--base-url is required: the public https origin of the Relais API");
    process.exit(2);
  }
  let clientId = values["client-id"] ?? process.env.ENTRA_CLIENT_ID;
  let apiScope = values["api-scope"];
  if (!clientId) {
    console.warn(
      "! No --client-id (nor ENTRA_CLIENT_ID): using the built-in sandbox app ids. Fine for a " +
        "demonstration, useless in a real tenant.",
    );
    clientId = SANDBOX_WEB_CLIENT_ID;
    apiScope ??= `api://${SANDBOX_API_CLIENT_ID}/access_as_user`;
  }
  return defaultManifestSource({
    baseUrl,
    clientId,
    apiScope: apiScope ?? `api://${clientId}/access_as_user`,
    ...(values.version ? { version: values.version } : {}),
    ...(values["support-url"] ? { supportUrl: values["support-url"] } : {}),
  });
}

/** The built event runtime: a local file, else (online) the one the server serves. */
async function runtimeBundle(source: ManifestSource): Promise<string | null> {
  const local = values.bundle ?? join(repoRoot, "addins/outlook/dist/launchevent.js");
  if (existsSync(local)) return readFile(local, "utf8");
  if (values.offline) return null;
  try {
    const response = await fetch(source.pages.eventRuntimeScript, { signal: timeout() });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

function report(title: string, errors: string[]): boolean {
  if (errors.length === 0) {
    console.log(`✔ ${title}`);
    return true;
  }
  console.log(`✘ ${title}: ${errors.length} problem${errors.length > 1 ? "s" : ""}`);
  for (const error of errors) console.log(`    - ${error}`);
  return false;
}

async function generate(): Promise<number> {
  const source = sourceFromArguments();
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  console.log(`Relais Outlook manifests for ${source.baseUrl} (version ${source.version})`);

  const xml = outlookXmlManifest(source);
  const json = outlookJsonManifest(source);
  const written: string[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    await writeFile(join(out, name), data);
    written.push(join(out, name));
  };
  await write("outlook.xml", xml);
  await write("outlook.json", `${JSON.stringify(json, null, 2)}\n`);
  const colorIcon = join(iconsDir, "color-192.png");
  const outlineIcon = join(iconsDir, "outline-32.png");
  if (existsSync(colorIcon) && existsSync(outlineIcon)) {
    const icons = { color: await readFile(colorIcon), outline: await readFile(outlineIcon) };
    await write("outlook-app.zip", outlookAppPackage(source, icons));
  } else {
    console.warn(`! ${show(iconsDir)} has no package icons: run with --icons; no app package.`);
  }
  for (const path of written) console.log(`  wrote ${show(path)}`);

  const schemaDir = values["schema-dir"];
  const xsdErrors = await validateXmlManifest(xml, schemaDir ? { schemaDir } : {});
  const localizationErrors = OTHER_LOCALES.flatMap((locale) =>
    validateJsonLocalization(outlookJsonLocalization(source, locale)).map(
      (error) => `${PACKAGE_FILES.localization(locale)} ${error}`,
    ),
  );
  const structure = await checkManifestStructure({
    xml,
    json,
    runtimeBundle: await runtimeBundle(source),
    fetchIcon: values.offline ? null : (url) => fetch(url, { signal: timeout() }),
  });
  const results = [
    report("XML manifest against the Office add-in XSDs (xmllint)", xsdErrors),
    report("Unified manifest against its JSON schema", validateJsonManifest(json)),
    report("Unified manifest localization files", localizationErrors),
    report("Structure (https, GUIDs, resids, events, icons, handlers)", structure.errors),
  ];
  for (const skipped of structure.notChecked) console.log(`  (not checked: ${skipped})`);
  return results.every(Boolean) ? 0 : 1;
}

if (values.icons) {
  await drawIcons();
} else {
  process.exitCode = await generate();
}
