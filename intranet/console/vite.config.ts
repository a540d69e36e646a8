import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { offlineBundle } from "../../scripts/vite-offline-bundle";

/** `npm run dev` (API on port 3000) + `vite` here: the API is proxied so everything stays same-origin. */
const devApiOrigin = "http://localhost:3000";

/** Text, never fetched: XML namespace names and the links in React's production error messages. */
const allowedUrlPrefixes = ["http://www.w3.org/", "https://react.dev/errors/"];

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  plugins: [react(), offlineBundle(allowedUrlPrefixes)],
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
