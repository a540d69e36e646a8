import type { AddinAuth } from "../auth/types";
import type { RuntimeConfig } from "./config";
import {
  type BodyFormat,
  type ComposeItem,
  type EventHost,
  isSettingsTooLarge,
  type LaunchEvent,
} from "./host";
import type { HttpGet } from "./http";
import { type Notice, noticeText } from "./messages";
import { placeSignature } from "./placement";
import {
  requestSignature,
  type Signature,
  type SignatureAnswer,
  type Variant,
} from "./signature-api";
import { cacheKey, createSignatureCache } from "./signature-cache";
import { TimeoutError, type Timers, withTimeout } from "./timers";

/** The function names the manifests give for each launch event. */
export const HANDLER_NAMES = {
  OnNewMessageCompose: "onNewMessageComposeHandler",
  OnNewAppointmentOrganizer: "onNewAppointmentOrganizerHandler",
  OnMessageFromChanged: "onMessageFromChangedHandler",
  OnAppointmentFromChanged: "onAppointmentFromChangedHandler",
} as const;

export type LaunchEventName = keyof typeof HANDLER_NAMES;
export type HandlerName = (typeof HANDLER_NAMES)[LaunchEventName];

export interface RuntimeTimings {
  /** Token and API answer together, counted from the event: past it the cached signature stands. */
  refreshBudgetMs: number;
  /** Any single Outlook call (a host that never calls back must not hold the event). */
  hostCallMs: number;
  /** Whatever happens, `event.completed()` is called by then. */
  watchdogMs: number;
}

export const DEFAULT_TIMINGS: RuntimeTimings = {
  refreshBudgetMs: 1500,
  hostCallMs: 1000,
  watchdogMs: 3500,
};

export interface SignatureRuntimeDeps {
  host: EventHost;
  /** null when the runtime has no configuration. */
  config: RuntimeConfig | null;
  auth: AddinAuth | null;
  http: HttpGet | null;
  now(): number;
  timers: Timers;
  timings?: Partial<RuntimeTimings>;
}

/**
 * The launch-event handlers: the cached signature for the variant and From mailbox goes in at
 * once, then the API is asked (with the cached ETag) within a bounded time and a newer version
 * replaces it. Every path ends in exactly one `event.completed()`.
 */
export function createSignatureHandlers(
  deps: SignatureRuntimeDeps,
): Record<HandlerName, (event: LaunchEvent) => void> {
  const { host, config, auth, http, now, timers } = deps;
  const timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  const cache = createSignatureCache(host.settings);
  // Per compose item: the latest event (an older one's late answer must not overwrite a newer
  // one's) and what was done to it already.
  const generations = new WeakMap<object, number>();
  const placedText = new WeakMap<object, string>();
  const clientSignatureOff = new WeakSet<object>();
  const noticed = new WeakSet<object>();

  const hostCall = <T>(promise: Promise<T>, what: string) =>
    withTimeout(timers, promise, timings.hostCallMs, what);

  const settle = async <T>(promise: Promise<T>, fallback: T, what: string): Promise<T> => {
    try {
      return await hostCall(promise, what);
    } catch (error) {
      console.warn(`Relais: ${what} failed, going on without it`, error);
      return fallback;
    }
  };

  // Writes to items go one at a time, whatever the item: two events reading the body at once
  // would both find it unsigned and both add a block.
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = writes.then(task, task);
    writes = next.catch(() => undefined);
    return next;
  };

  const language = () => {
    try {
      return host.displayLanguage();
    } catch {
      return "fr";
    }
  };

  const notify = async (item: ComposeItem, notice: Notice) => {
    noticed.add(item.key);
    try {
      await hostCall(item.showNotice(noticeText(notice, language())), "notification");
    } catch (error) {
      console.error(`Relais: could not show the "${notice}" notice`, error);
    }
  };

  const clearNotice = async (item: ComposeItem) => {
    if (!noticed.has(item.key)) return;
    noticed.delete(item.key);
    try {
      await hostCall(item.clearNotice(), "notification removal");
    } catch (error) {
      console.warn("Relais: could not remove the notice", error);
    }
  };

  /** Puts the signature in the item (replacing any earlier one); false if it did not happen. */
  const place = (
    item: ComposeItem,
    signature: Signature,
    format: BodyFormat,
    isCurrent: () => boolean,
  ): Promise<boolean> =>
    serially(async () => {
      if (!isCurrent()) return false;
      const content = format === "text" ? signature.text : signature.html;
      try {
        if (item.canSetSignature) {
          await hostCall(item.setSignature(content, format), "setSignatureAsync");
        } else {
          const body = await hostCall(item.readBody(format), "body.getAsync");
          const next = placeSignature(body, content, format, placedText.get(item.key) ?? null);
          if (next !== body) await hostCall(item.writeBody(next, format), "body.setAsync");
        }
      } catch (error) {
        console.error("Relais: the signature could not be inserted", error);
        return false;
      }
      placedText.set(item.key, signature.text);
      if (!clientSignatureOff.has(item.key)) {
        clientSignatureOff.add(item.key);
        await settle(item.disableClientSignature(), undefined, "disableClientSignatureAsync");
      }
      return true;
    });

  /** Saves the roaming settings; when Office refuses (32 KB in all), the cache gives way. */
  const save = async () => {
    for (;;) {
      try {
        await hostCall(host.settings.save(), "roamingSettings.saveAsync");
        return;
      } catch (error) {
        if (!isSettingsTooLarge(error) || !cache.shrink()) {
          console.error("Relais: the roaming settings could not be saved", error);
          return;
        }
        console.warn("Relais: roaming settings refused, signature cache reduced", error);
      }
    }
  };

  const ask = async (
    token: Promise<string | null>,
    variant: Variant,
    mailbox: string | null,
    etag: string | null,
    deadline: number,
  ): Promise<SignatureAnswer> => {
    if (!config || !http) return { kind: "unreachable", detail: "no HTTP client in this runtime" };
    let bearer: string | null;
    try {
      bearer = await withTimeout(timers, token, deadline - now(), "token");
    } catch (error) {
      if (error instanceof TimeoutError) return { kind: "unreachable", detail: error.message };
      console.error("Relais: getting a token failed", error);
      return { kind: "signed-out", detail: String(error) };
    }
    if (bearer === null) return { kind: "signed-out", detail: "no token without the agent" };
    const remaining = deadline - now();
    if (remaining <= 0) return { kind: "unreachable", detail: "token came after the deadline" };
    return requestSignature(http, {
      apiBase: config.apiBase,
      variant,
      mailbox,
      etag,
      token: bearer,
      timeoutMs: remaining,
    });
  };

  const run = async (event: LaunchEventName, isLive: () => boolean) => {
    const started = now();
    const item = host.currentItem();
    if (!item) {
      console.warn(`Relais: ${event} without an item in compose mode`);
      return;
    }
    const generation = (generations.get(item.key) ?? 0) + 1;
    generations.set(item.key, generation);
    const isCurrent = () => isLive() && generations.get(item.key) === generation;

    if (!config || !auth) {
      console.error("Relais: RELAIS_ADDIN_CONFIG is missing or invalid; no signature");
      await notify(item, "misconfigured");
      return;
    }
    const token = auth.getToken({ interactive: false });
    // The token is awaited later, with a deadline; a rejection then is not unhandled.
    token.catch(() => undefined);

    const [composeKind, from, format] = await Promise.all([
      settle(item.composeKind(), null, "getComposeTypeAsync"),
      settle(item.fromAddress(), null, "from.getAsync"),
      settle(item.bodyFormat(), "html" as BodyFormat, "body.getTypeAsync"),
    ]);
    const variant: Variant =
      item.kind === "appointment"
        ? "meeting"
        : composeKind === "reply" || composeKind === "forward"
          ? "reply"
          : "new";
    const address = from ?? host.userAddress();
    const mailbox = address ? address.trim().toLowerCase() : null;
    const key = cacheKey(variant, mailbox);
    const cached = cache.get(key);
    const shownCached = cached ? await place(item, cached, format, isCurrent) : false;

    const answer = await ask(
      token,
      variant,
      mailbox,
      cached?.etag ?? null,
      started + timings.refreshBudgetMs,
    );
    if (!isCurrent()) return;
    switch (answer.kind) {
      case "fresh": {
        const changed = !cached || cached.etag !== answer.signature.etag;
        const placed =
          changed || !shownCached ? await place(item, answer.signature, format, isCurrent) : true;
        if (cache.put(key, answer.signature, now())) await save();
        if (placed) await clearNotice(item);
        else if (isCurrent()) await notify(item, "insert-failed");
        return;
      }
      case "unchanged":
        if (cache.touch(key, now())) await save();
        if (shownCached) await clearNotice(item);
        else await notify(item, "insert-failed");
        return;
      case "signed-out":
        console.warn(`Relais: no signature from the API (${answer.detail})`);
        await notify(item, "signed-out");
        return;
      case "unreachable":
        console.warn(`Relais: API unreachable (${answer.detail})`);
        await notify(item, shownCached ? "unreachable-cached" : "unreachable-empty");
        return;
      case "refused":
        console.warn(`Relais: the API gave no signature (${answer.detail})`);
        await notify(item, "refused");
        return;
    }
  };

  const handler = (event: LaunchEventName) => (launchEvent: LaunchEvent) => {
    let finished = false;
    const complete = () => {
      if (finished) return;
      finished = true;
      timers.clearTimeout(watchdog);
      try {
        launchEvent.completed();
      } catch (error) {
        console.error("Relais: event.completed() failed", error);
      }
    };
    const watchdog = timers.setTimeout(() => {
      console.error(`Relais: ${event} still busy after ${timings.watchdogMs} ms, letting go`);
      complete();
    }, timings.watchdogMs);
    let running: Promise<void>;
    try {
      running = run(event, () => !finished);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(complete, (error: unknown) => {
      console.error(`Relais: ${event} failed`, error);
      complete();
    });
  };

  return {
    onNewMessageComposeHandler: handler("OnNewMessageCompose"),
    onNewAppointmentOrganizerHandler: handler("OnNewAppointmentOrganizer"),
    onMessageFromChangedHandler: handler("OnMessageFromChanged"),
    onAppointmentFromChangedHandler: handler("OnAppointmentFromChanged"),
  };
}
