/** Office's own script: the one thing add-in pages load from elsewhere (Microsoft's CDN). */
export const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";

/**
 * The pages that frame the add-in: Outlook on the web (and the new Outlook on Windows, which is
 * the same web app) under each of its domains, and Office on the web. Desktop Outlook and
 * mobile show the pane in a webview of their own, with no frame ancestor to allow.
 */
export const OUTLOOK_FRAME_ANCESTORS = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook.live.com",
  "https://outlook.cloud.microsoft",
  "https://*.officeapps.live.com",
] as const;

const ENTRA_ORIGIN = "https://login.microsoftonline.com";

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The add-in's own Content-Security-Policy. The API's global one allows framing by itself only
 * and scripts from itself only; add-in pages run inside Outlook and load Office.js, and MSAL may
 * talk to the sign-in authority (the sandbox's in embedded mode) when Outlook offers no broker.
 */
export function addinContentSecurityPolicy(authority: string): string {
  const signIn = [...new Set([ENTRA_ORIGIN, originOf(authority)].filter((o) => o !== null))];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", OFFICE_JS_ORIGIN]],
    // Fluent UI (Griffel) injects its styles at run time.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    // Signature previews may show images a template links from elsewhere (https only).
    ["img-src", ["'self'", "data:", "blob:", "https:"]],
    ["font-src", ["'self'", "data:"]],
    ["connect-src", ["'self'", ...signIn]],
    ["frame-src", ["'self'", ...signIn]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'self'", ...OUTLOOK_FRAME_ANCESTORS]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(" ")}`).join("; ");
}
