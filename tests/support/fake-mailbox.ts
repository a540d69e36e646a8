/**
 * A fake Outlook for the event-based runtime: the Office.js surface `launchevent.js` uses
 * (compose items, body and signature, notification bars, roaming settings with Office's 32 KB
 * limit, requirement sets, `Office.actions.associate`, `event.completed`), and a bare `node:vm`
 * context shaped like classic Outlook's JavaScript-only runtime (no DOM, no storage; timers,
 * console and XMLHttpRequest) to run the built script in.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import vm from "node:vm";

/** Office's limit on an add-in's roaming settings, all keys together. */
export const ROAMING_SETTINGS_LIMIT_BYTES = 32 * 1024;

type Callback<T> = (result: AsyncResult<T>) => void;
interface AsyncResult<T> {
  status: "succeeded" | "failed";
  value: T;
  error?: { name: string; message: string; code: number };
  asyncContext?: unknown;
}

export type ComposeType = "newMail" | "reply" | "forward";
export type BodyType = "html" | "text";

export interface FakeItemOptions {
  kind: "message" | "appointment";
  composeType?: ComposeType;
  bodyType?: BodyType;
  /** The From address (message) or organizer (appointment). */
  from: string;
  /** What the agent typed, or the quoted message of a reply. */
  body?: string;
  /** Outlook rewrites ids of HTML it is given (`id="x"` → `id="x_x"`), as the web client does. */
  rewriteIds?: boolean;
}

export interface Insertion {
  /** Milliseconds since the event was fired (`performance.now()` based). */
  at: number;
  via: "setSignatureAsync" | "body.setAsync" | "body.prependAsync";
  coercionType: BodyType;
  content: string;
}

export interface Notice {
  key: string;
  type: string;
  message: string;
  icon?: string;
  persistent?: boolean;
}

const ok = <T>(value: T): AsyncResult<T> => ({ status: "succeeded", value });
const failed = (name: string, message: string, code: number): AsyncResult<never> => ({
  status: "failed",
  value: undefined as never,
  error: { name, message, code },
});

/** Hosts answer asynchronously; so does the fake (one macrotask, like an IPC round trip). */
const later = (fn: () => void) => setImmediate(fn);

export class FakeComposeItem {
  readonly itemType: "message" | "appointment";
  readonly insertions: Insertion[] = [];
  readonly notices = new Map<string, Notice>();
  readonly noticeLog: Notice[] = [];
  clientSignatureDisabled = false;
  /** What the agent wrote: the body without the signature set by setSignatureAsync. */
  userBody: string;
  /** The signature block that setSignatureAsync maintains (one at most, like Outlook). */
  signature: { content: string; coercionType: BodyType } | null = null;
  composeType: ComposeType;
  bodyType: BodyType;
  fromAddress: string;
  firedAt = 0;
  readonly body: Record<string, unknown>;
  readonly from?: { getAsync(cb: Callback<unknown>): void };
  readonly organizer?: { getAsync(cb: Callback<unknown>): void };
  readonly notificationMessages: Record<string, unknown>;
  getComposeTypeAsync?: (cb: Callback<unknown>) => void;

  constructor(
    private readonly mailbox: FakeMailbox,
    options: FakeItemOptions,
  ) {
    this.itemType = options.kind;
    this.composeType = options.composeType ?? "newMail";
    this.bodyType = options.bodyType ?? "html";
    this.fromAddress = options.from;
    this.userBody = options.body ?? "";
    const rewrite = (html: string) =>
      options.rewriteIds ? html.replace(/\bid="(?!x_)/g, 'id="x_') : html;
    const record = (via: Insertion["via"], coercionType: BodyType, content: string) =>
      this.insertions.push({
        at: performance.now() - this.firedAt,
        via,
        coercionType,
        content,
      });
    const coercionOf = (options: unknown): BodyType =>
      (options as { coercionType?: BodyType } | undefined)?.coercionType ?? "text";

    const getFrom = (cb: Callback<unknown>) =>
      later(() => cb(ok({ emailAddress: this.fromAddress, displayName: this.fromAddress })));
    if (this.itemType === "message") {
      this.from = { getAsync: getFrom };
      this.getComposeTypeAsync = (cb) =>
        later(() => cb(ok({ composeType: this.composeType, coercionType: this.bodyType })));
    } else {
      this.organizer = { getAsync: getFrom };
    }

    this.body = {
      getTypeAsync: (cb: Callback<BodyType>) => later(() => cb(ok(this.bodyType))),
      getAsync: (coercionType: BodyType, cb: Callback<string>) =>
        later(() => {
          const body = this.renderedBody();
          const asText = coercionType === "text" && this.bodyType === "html";
          cb(ok(asText ? body.replace(/<[^>]*>/g, "") : body));
        }),
      setAsync: (data: string, opts: unknown, cb: Callback<void>) =>
        later(() => {
          const coercion = coercionOf(opts);
          if (coercion === "html" && this.bodyType === "text") {
            return cb(failed("InvalidFormatError", "The body is plain text", 9000));
          }
          this.userBody = coercion === "html" ? rewrite(data) : data;
          record("body.setAsync", coercion, data);
          cb(ok(undefined));
        }),
      prependAsync: (data: string, opts: unknown, cb: Callback<void>) =>
        later(() => {
          const coercion = coercionOf(opts);
          this.userBody = (coercion === "html" ? rewrite(data) : data) + this.userBody;
          record("body.prependAsync", coercion, data);
          cb(ok(undefined));
        }),
    };
    if (mailbox.supportsSetSignature(this.itemType)) {
      this.body.setSignatureAsync = (data: string, opts: unknown, cb: Callback<void>) =>
        later(() => {
          const coercion = coercionOf(opts);
          if (data.length > 30_000) {
            return cb(failed("DataExceedsMaximumSize", "Signature over 30,000 characters", 1000));
          }
          if (coercion === "html" && this.bodyType === "text") {
            return cb(failed("InvalidFormatError", "The body is plain text", 9000));
          }
          this.signature = { content: data, coercionType: coercion };
          record("setSignatureAsync", coercion, data);
          cb(ok(undefined));
        });
    }

    this.notificationMessages = {
      replaceAsync: (key: string, details: Omit<Notice, "key">, cb?: Callback<void>) =>
        later(() => {
          if (details.message.length > 150) {
            return cb?.(failed("DataExceedsMaximumSize", "Message over 150 characters", 9041));
          }
          if (details.type === "informationalMessage" && !details.icon) {
            return cb?.(failed("InvalidArgument", "Informational messages need an icon", 9040));
          }
          const notice = { key, ...details };
          this.notices.set(key, notice);
          this.noticeLog.push(notice);
          cb?.(ok(undefined));
        }),
      addAsync: (key: string, details: Omit<Notice, "key">, cb?: Callback<void>) =>
        later(() => {
          if (this.notices.has(key)) return cb?.(failed("DuplicateKey", "Key exists", 9043));
          const notice = { key, ...details };
          this.notices.set(key, notice);
          this.noticeLog.push(notice);
          cb?.(ok(undefined));
        }),
      removeAsync: (key: string, cb?: Callback<void>) =>
        later(() => {
          if (!this.notices.delete(key)) {
            return cb?.(failed("KeyNotFound", "No notification with this key", 9044));
          }
          cb?.(ok(undefined));
        }),
      getAllAsync: (cb: Callback<Notice[]>) => later(() => cb(ok([...this.notices.values()]))),
    };
  }

  disableClientSignatureAsync(cb?: Callback<void>): void {
    later(() => {
      if (!this.mailbox.requirementSets.includes("1.10")) {
        return cb?.(failed("NotSupported", "Mailbox 1.10 needed", 5000));
      }
      this.clientSignatureDisabled = true;
      cb?.(ok(undefined));
    });
  }

  /** The body as the agent sees it: what they wrote, then the signature. */
  renderedBody(): string {
    if (!this.signature) return this.userBody;
    const separator = this.bodyType === "html" ? "" : "\n\n";
    return `${this.userBody}${separator}${this.signature.content}`;
  }

  /** How many times `fragment` appears in the rendered body. */
  occurrences(fragment: string): number {
    if (fragment === "") return 0;
    return this.renderedBody().split(fragment).length - 1;
  }
}

export interface FakeMailboxOptions {
  userAddress: string;
  displayLanguage?: string;
  /** Mailbox requirement sets the host claims (default 1.1 … 1.13). */
  requirementSets?: string[];
  /** "PC" is classic Outlook on Windows; "OfficeOnline" the web and new Outlook. */
  platform?: "PC" | "OfficeOnline" | "Mac";
  /** Roaming settings as the mailbox last saved them. */
  roamingSettings?: Record<string, unknown>;
  /** What `Office.auth.getAccessToken` gives (a token) or fails with (an Office SSO error code). */
  officeSso?: () => Promise<string>;
}

export class RoamingSettingsLimitError extends Error {}

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

/** The fake mailbox: one agent, their roaming settings and the compose items they open. */
export class FakeMailbox {
  readonly requirementSets: string[];
  readonly platform: "PC" | "OfficeOnline" | "Mac";
  readonly handlers = new Map<string, (event: unknown) => unknown>();
  /** What the mailbox has stored (saveAsync); `live` are the in-memory, unsaved values. */
  saved: Record<string, unknown>;
  live: Record<string, unknown>;
  saves = 0;
  refusedSets = 0;
  item: FakeComposeItem | null = null;
  officeSsoCalls: unknown[] = [];
  readonly office: Record<string, unknown>;

  constructor(readonly options: FakeMailboxOptions) {
    this.requirementSets = options.requirementSets ?? [
      "1.1",
      "1.2",
      "1.3",
      "1.4",
      "1.5",
      "1.6",
      "1.7",
      "1.8",
      "1.9",
      "1.10",
      "1.11",
      "1.12",
      "1.13",
    ];
    this.platform = options.platform ?? "PC";
    this.saved = structuredClone(options.roamingSettings ?? {});
    this.live = structuredClone(this.saved);
    this.office = this.createOffice();
  }

  supportsSetSignature(kind: "message" | "appointment"): boolean {
    return (
      this.requirementSets.includes("1.10") &&
      (kind === "message" || this.platform !== "OfficeOnline")
    );
  }

  /** Opens a compose form: the item the next events are about. */
  compose(options: Omit<FakeItemOptions, "from"> & { from?: string }): FakeComposeItem {
    this.item = new FakeComposeItem(this, { from: this.options.userAddress, ...options });
    return this.item;
  }

  /** Size of the roaming settings as Office counts them (UTF-8 bytes of their JSON). */
  settingsBytes(settings: Record<string, unknown> = this.live): number {
    return utf8Bytes(JSON.stringify(settings));
  }

  /**
   * Fires a launch event as Outlook does: calls the associated function with an event whose
   * `completed()` calls are counted. Resolves at the first `completed()` (or after `timeoutMs`).
   */
  fire(name: string, timeoutMs = 10_000): Promise<FiredEvent> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`no handler associated as ${name}`);
    const item = this.item;
    if (!item) throw new Error("no compose item: call compose() first");
    const fired = performance.now();
    item.firedAt = fired;
    const result: FiredEvent = { completedCalls: 0, completedAfterMs: null, completedOptions: [] };
    return new Promise<FiredEvent>((resolve) => {
      const timer = setTimeout(() => resolve(result), timeoutMs);
      handler({
        type: name,
        completed: (options?: unknown) => {
          result.completedCalls += 1;
          result.completedOptions.push(options);
          if (result.completedAfterMs === null) {
            result.completedAfterMs = performance.now() - fired;
            clearTimeout(timer);
            resolve(result);
          }
        },
      });
    });
  }

  private createOffice(): Record<string, unknown> {
    const mailbox = this;
    const roamingSettings = {
      get: (key: string) => structuredClone(mailbox.live[key]),
      set: (key: string, value: unknown) => {
        const next = { ...mailbox.live, [key]: structuredClone(value) };
        if (mailbox.settingsBytes(next) > ROAMING_SETTINGS_LIMIT_BYTES) {
          mailbox.refusedSets += 1;
          throw Object.assign(new Error("Roaming settings over 32 KB (9057)"), { code: 9057 });
        }
        mailbox.live = next;
      },
      remove: (key: string) => {
        delete mailbox.live[key];
      },
      saveAsync: (cb?: Callback<void>) =>
        later(() => {
          if (mailbox.settingsBytes() > ROAMING_SETTINGS_LIMIT_BYTES) {
            return cb?.(failed("SettingsSizeExceeded", "Roaming settings over 32 KB", 9057));
          }
          mailbox.saved = structuredClone(mailbox.live);
          mailbox.saves += 1;
          cb?.(ok(undefined));
        }),
    };
    return {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      CoercionType: { Html: "html", Text: "text" },
      PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac" },
      MailboxEnums: {
        ItemType: { Message: "message", Appointment: "appointment" },
        ItemNotificationMessageType: {
          InformationalMessage: "informationalMessage",
          ErrorMessage: "errorMessage",
          ProgressIndicator: "progressIndicator",
          InsightMessage: "insightMessage",
        },
      },
      actions: {
        associate: (name: string, handler: (event: unknown) => unknown) => {
          mailbox.handlers.set(name, handler);
        },
      },
      auth: {
        getAccessToken: (options: unknown) => {
          mailbox.officeSsoCalls.push(options);
          if (mailbox.options.officeSso) return mailbox.options.officeSso();
          return Promise.reject({ code: 13000, name: "API Not Supported", message: "no SSO" });
        },
      },
      context: {
        get displayLanguage() {
          return mailbox.options.displayLanguage ?? "fr-FR";
        },
        platform: mailbox.platform,
        requirements: {
          isSetSupported: (name: string, version = "1.1") =>
            name === "Mailbox" && mailbox.requirementSets.includes(version),
        },
        roamingSettings,
        mailbox: {
          get item() {
            return mailbox.item;
          },
          userProfile: { emailAddress: mailbox.options.userAddress, displayName: "Agent" },
        },
      },
    };
  }
}

export interface FiredEvent {
  completedCalls: number;
  completedAfterMs: number | null;
  completedOptions: unknown[];
}

export interface RuntimeLog {
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
}

/**
 * XMLHttpRequest over node:http, as much of it as a script uses: async GET, request headers,
 * `timeout`, `abort()`, status 0 and `onerror` on network failure, and 304 passed through when
 * the script set its own If-None-Match (as browsers do).
 */
export function createXmlHttpRequestClass(onRequest?: (url: string) => void) {
  return class FakeXMLHttpRequest {
    status = 0;
    responseText = "";
    timeout = 0;
    readyState = 0;
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = "GET";
    private url = "";
    private headers: Record<string, string> = {};
    private responseHeaders: IncomingMessage["headers"] = {};
    private request: ReturnType<typeof httpRequest> | null = null;
    private timer: NodeJS.Timeout | undefined;
    private done = false;

    open(method: string, url: string) {
      this.method = method;
      this.url = url;
      this.readyState = 1;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader(name: string): string | null {
      const value = this.responseHeaders[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    }
    send() {
      onRequest?.(this.url);
      const finish = (fn: (() => void) | null) => {
        if (this.done) return;
        this.done = true;
        this.readyState = 4;
        fn?.call(this);
      };
      const request = httpRequest(
        this.url,
        { method: this.method, headers: this.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            clearTimeout(this.timer);
            this.status = res.statusCode ?? 0;
            this.responseHeaders = res.headers;
            this.responseText = Buffer.concat(chunks).toString("utf8");
            finish(this.onload);
          });
          res.on("error", () => {
            clearTimeout(this.timer);
            this.status = 0;
            finish(this.onerror);
          });
        },
      );
      this.request = request;
      request.on("error", () => {
        clearTimeout(this.timer);
        this.status = 0;
        finish(this.onerror);
      });
      if (this.timeout > 0) {
        this.timer = setTimeout(() => {
          this.status = 0;
          request.destroy();
          finish(this.ontimeout);
        }, this.timeout);
      }
      request.end();
    }
    abort() {
      clearTimeout(this.timer);
      this.request?.destroy();
      this.status = 0;
      if (!this.done) {
        this.done = true;
        this.readyState = 4;
        this.onabort?.call(this);
      }
    }
  };
}

export interface JsRuntimeOptions {
  mailbox: FakeMailbox;
  /** The built runtime, with or without the configuration statement in front. */
  script: string;
  /** Extra globals: what MSAL needs when NAA is exercised (`window`, `crypto`…). */
  globals?: Record<string, unknown>;
  /** Globals that exist in a browser page but must not be touched here: reads are recorded. */
  watched?: string[];
  /** Scripts run in the context before `script` (e.g. `globalThis.window = globalThis`). */
  prelude?: string[];
}

export interface JsRuntime {
  context: vm.Context;
  logs: RuntimeLog[];
  /** URLs the script requested. */
  requests: string[];
  /** Reads of watched globals (`document`, `localStorage`…). */
  touched: string[];
}

/**
 * Loads the script in a fresh `node:vm` context holding only what classic Outlook's
 * JavaScript-only runtime provides: the language (its own Promise, JSON…), timers, console,
 * XMLHttpRequest and `Office`. No `window`, `document`, storage, or `fetch`.
 */
export function loadJsRuntime(options: JsRuntimeOptions): JsRuntime {
  const logs: RuntimeLog[] = [];
  const requests: string[] = [];
  const touched: string[] = [];
  const format = (args: unknown[]) =>
    args
      .map((arg) =>
        typeof arg === "string"
          ? arg
          : arg instanceof Error || (typeof arg === "object" && arg !== null && "stack" in arg)
            ? String((arg as Error).stack ?? arg)
            : safeJson(arg),
      )
      .join(" ");
  const console = Object.fromEntries(
    (["log", "info", "warn", "error", "debug"] as const).map((level) => [
      level,
      (...args: unknown[]) => logs.push({ level, text: format(args) }),
    ]),
  );
  const sandbox: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    XMLHttpRequest: createXmlHttpRequestClass((url) => requests.push(url)),
    Office: options.mailbox.office,
    ...options.globals,
  };
  for (const name of options.watched ?? []) {
    if (name in sandbox) continue;
    Object.defineProperty(sandbox, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  const context = vm.createContext(sandbox);
  for (const code of options.prelude ?? []) vm.runInContext(code, context);
  vm.runInContext(options.script, context, { filename: "launchevent.js" });
  return { context, logs, requests, touched };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
