/**
 * Entry of the event-based runtime (`dist/launchevent.js`): one self-contained script, run by
 * classic Outlook's JavaScript-only runtime or by `launchevent.html` elsewhere.
 */
import { createAddinAuth } from "../auth";
import { associateHandlers, createEventHost } from "../office/event-host";
import { readRuntimeConfig } from "./config";
import { createSignatureHandlers } from "./handlers";
import { createHttpGet } from "./http";

declare const RELAIS_ADDIN_CONFIG: unknown;

const config = readRuntimeConfig(
  typeof RELAIS_ADDIN_CONFIG === "undefined" ? undefined : RELAIS_ADDIN_CONFIG,
);
if (!config) console.error("Relais: RELAIS_ADDIN_CONFIG is missing or invalid");

const timers = {
  setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

associateHandlers(
  createSignatureHandlers({
    host: createEventHost(),
    config,
    auth: config
      ? createAddinAuth({
          clientId: config.clientId,
          apiScope: config.apiScope,
          authority: config.authority,
        })
      : null,
    http: createHttpGet({
      XMLHttpRequest: typeof XMLHttpRequest === "undefined" ? undefined : XMLHttpRequest,
      fetch: typeof fetch === "undefined" ? undefined : fetch,
      ...timers,
    }),
    now: () => Date.now(),
    timers,
  }),
);
