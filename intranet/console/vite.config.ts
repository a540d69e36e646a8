import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** `npm run dev` (API on port 3000) + `vite` here: the API is proxied so everything stays same-origin. */
const devApiOrigin = "http://localhost:3000";

/** Text, never fetched: XML namespace names and the links in React's production error messages. */
const allowedUrlPrefixes = ["http://www.w3.org/", "https://react.dev/errors/"];

/**
 * The console runs on networks without internet: the bundle must not load anything from
 * elsewhere (no CDN, no web font), so any other absolute URL in the output fails the build.
 */
function offlineBundle(): Plugin {
  return {
    name: "relais-offline-bundle",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        const text = file.type === "chunk" ? file.code : String(file.source);
        const outside = [...text.matchAll(/https?:\/\/[^\s"'`)]+/g)]
          .map((match) => match[0])
          .filter((url) => !allowedUrlPrefixes.some((prefix) => url.startsWith(prefix)));
        if (outside.length > 0) {
          this.error(`${file.fileName} references outside URLs: ${outside.join(", ")}`);
        }
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  plugins: [react(), offlineBundle()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate, long-cached chunks.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: "fluentui",
              test: /node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster)/,
            },
            { name: "vendor", test: /node_modules/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": devApiOrigin,
      "/sandbox": devApiOrigin,
    },
  },
});
