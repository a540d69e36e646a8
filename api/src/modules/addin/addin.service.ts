import {
  defaultManifestSource,
  type ManifestSource,
  outlookJsonManifest,
  outlookXmlManifest,
  type UnifiedManifest,
} from "@relais/manifests";
import type { ClientConfig } from "../system";

export interface AddinSite {
  /** The API's public origin; the add-in is served under `{publicUrl}/addin/`. */
  publicUrl: string;
  clientConfig: ClientConfig;
}

export function manifestSource(site: AddinSite): ManifestSource {
  return defaultManifestSource({
    baseUrl: site.publicUrl,
    clientId: site.clientConfig.clientId,
    apiScope: site.clientConfig.apiScope,
  });
}

export const xmlManifestFor = (site: AddinSite): string => outlookXmlManifest(manifestSource(site));

export const jsonManifestFor = (site: AddinSite): UnifiedManifest =>
  outlookJsonManifest(manifestSource(site));

/**
 * The scripts classic Outlook on Windows may run with SSO and CORS: the exact event runtime
 * URLs, as Microsoft's `/.well-known/microsoft-officeaddins-allowed.json` expects them.
 */
export function allowedRuntimeScripts(site: AddinSite): { allowed: string[] } {
  return { allowed: [manifestSource(site).pages.eventRuntimeScript] };
}

/**
 * `var RELAIS_ADDIN_CONFIG = {…};`: what the event runtime needs to reach the API and sign in.
 * `<` is escaped so the text stays inert if a page ever inlines the script.
 */
export function runtimeConfigStatement(site: AddinSite): string {
  const config = {
    apiBase: site.publicUrl.replace(/\/+$/, ""),
    clientId: site.clientConfig.clientId,
    apiScope: site.clientConfig.apiScope,
    authority: site.clientConfig.authority,
  };
  const json = JSON.stringify(config)
    .replaceAll("<", "\\u003c")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
  return `var RELAIS_ADDIN_CONFIG = ${json};\n`;
}

const STRICT_PROLOGUE = /^(\uFEFF?\s*(["'])use strict\2;?)/;

/**
 * The bundle with the configuration in front. A leading `"use strict"` must stay the script's
 * first statement to keep strict mode, so the configuration goes right after it.
 */
export function withRuntimeConfig(bundle: string, statement: string): string {
  const prologue = STRICT_PROLOGUE.exec(bundle);
  if (!prologue?.[1]) return statement + bundle;
  const head = prologue[1];
  return `${head}\n${statement}${bundle.slice(head.length)}`;
}
