/**
 * The event-based runtime: `launchevent.js`, one self-contained ES2016 script (classic Outlook's
 * JavaScript-only runtime accepts nothing newer, no modules, no DOM), and `launchevent.html`,
 * the page that Outlook on the web, new Outlook and Mac load instead, which runs the same script.
 * The API serves both under /addin/ and prepends `var RELAIS_ADDIN_CONFIG = {…};` to the script.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { parse } from "acorn";
import { build, type Plugin } from "esbuild";

export interface BuildRuntimeOptions {
  /** Where to write; a relative path is taken from the add-in's folder (addins/outlook). */
  outDir: string;
  /** With MSAL's Nested App Authentication (default); without, Office SSO only. */
  withAuth?: boolean;
}

export interface BuiltRuntime {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const RUNTIME_FILE = "launchevent.js";
export const RUNTIME_PAGE = "launchevent.html";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const entry = join(packageRoot, "src", "launchevent", "main.ts");
const naaStandIn = join(packageRoot, "src", "auth", "naa-unavailable.ts");

/** Swaps MSAL's token source for one that defers to Office SSO (`withAuth: false`). */
const withoutMsal: Plugin = {
  name: "relais-runtime-without-msal",
  setup(build) {
    build.onResolve({ filter: /^\.\/naa$/ }, (args) =>
      args.importer.includes(join("src", "auth")) ? { path: naaStandIn } : undefined,
    );
  },
};

export const runtimePage = (): string =>
  [
    "<!doctype html>",
    '<html lang="fr">',
    "<head>",
    '<meta charset="utf-8">',
    "<title>Relais</title>",
    `<script src="${OFFICE_JS_URL}"></script>`,
    `<script src="${RUNTIME_FILE}"></script>`,
    "</head>",
    "<body></body>",
    "</html>",
    "",
  ].join("\n");

export async function buildRuntime(options: BuildRuntimeOptions): Promise<BuiltRuntime> {
  const outDir = isAbsolute(options.outDir) ? options.outDir : resolve(packageRoot, options.outDir);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2016",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: options.withAuth === false ? [withoutMsal] : [],
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild wrote no runtime");
  const code = output.text;
  // The JavaScript-only runtime refuses the whole file on one newer construct: fail here instead.
  parse(code, { ecmaVersion: 2016, sourceType: "script" });

  await mkdir(outDir, { recursive: true });
  const file = join(outDir, RUNTIME_FILE);
  await writeFile(file, code);
  await writeFile(join(outDir, RUNTIME_PAGE), runtimePage());
  const bytes = Buffer.byteLength(code);
  return { file, bytes, gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const withAuth = !process.argv.includes("--without-auth");
  const built = await buildRuntime({ outDir: "dist", withAuth });
  process.stdout.write(
    `${built.file}: ${built.bytes} bytes, ${built.gzipBytes} gzipped (${withAuth ? "with" : "without"} MSAL)\n`,
  );
}
