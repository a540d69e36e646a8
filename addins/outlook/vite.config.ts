import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { offlineBundle } from "../../scripts/vite-offline-bundle";

const root = fileURLToPath(new URL(".", import.meta.url));

/** `npm run dev` (API on port 3000) + `vite` here: the API is proxied so everything stays same-origin. */
const devApiOrigin = "http://localhost:3000";

/** Office loads add-ins only with its own script, from Microsoft's CDN (in the HTML, never bundled). */
export const officeJsUrl = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/**
 * Text, never fetched by the pane: XML namespace names, React's error links, and the Microsoft
 * clouds MSAL knows by heart (in Outlook, the host's broker signs agents in; MSAL's region
 * discovery, which would ask the Azure metadata address, is never turned on).
 */
const allowedUrlPrefixes = [
  officeJsUrl,
  "http://www.w3.org/",
  "https://react.dev/errors/",
  "https://login.microsoftonline.com",
  "https://login.chinacloudapi.cn",
  "https://login.microsoftonline.de",
  "https://login.microsoftonline.us",
  "http://169.254.169.254/metadata/",
];

export default defineConfig({
  root,
  base: "/addin/",
  plugins: [react(), offlineBundle(allowedUrlPrefixes)],
  build: {
    outDir: "dist",
    // Safe because scripts/build.ts runs this first, then writes the event runtime into dist.
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        taskpane: fileURLToPath(new URL("taskpane.html", import.meta.url)),
        // The read-mode command's page (the request form arrives with content requests).
        sendToCommunication: fileURLToPath(new URL("send-to-communication.html", import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: "fluentui",
              test: /node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster)/,
            },
            { name: "msal", test: /node_modules[\\/]@azure[\\/]/ },
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
