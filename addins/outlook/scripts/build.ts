/**
 * `npm run build -w @relais/outlook-addin`: the task pane (Vite, which empties dist/ and copies
 * public/, icons included), then the event runtime, which writes its files next to it.
 */
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { buildRuntime } from "./build-runtime";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));

await build({
  root: packageRoot,
  configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
  logLevel: "warn",
});
await buildRuntime({ outDir: "dist", withAuth: true });
