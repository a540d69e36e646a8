/**
 * Compiles the API into one ES module that plain Node runs (api/dist/serve.js, what `npm start`
 * runs): no TypeScript loader in production. tsx's loader runs its hooks in a thread of its own,
 * a second V8 isolate that costs the API process ~40 MB for nothing once the code is compiled.
 * Registry packages stay external (resolved from node_modules at run time); the workspace's own
 * TypeScript packages (@relais/*) are compiled in.
 */
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));

const registryPackagesExternal: Plugin = {
  name: "registry-packages-external",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@relais/") ? undefined : { path: args.path, external: true },
    );
  },
};

/** Bundles `entry` into `outfile` (both from the repository root); returns the output's path. */
export async function buildApiBundle(entry: string, outfile: string): Promise<string> {
  const target = `${repoRoot}${outfile}`;
  await build({
    entryPoints: [`${repoRoot}${entry}`],
    outfile: target,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    // Stack traces point at the TypeScript files, which are in the repository.
    sourcesContent: false,
    logLevel: "warning",
    plugins: [registryPackagesExternal],
  });
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildApiBundle("api/src/serve.ts", "api/dist/serve.js");
}
