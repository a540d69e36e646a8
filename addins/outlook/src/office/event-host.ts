/**
 * Office.js for the event-based runtime: the only file of it that touches `Office`. Everything
 * else gets these functions as plain promises (see src/launchevent/host.ts).
 */
import type { TokenOutcome, TokenSource } from "../auth/types";
import type {
  BodyFormat,
  ComposeItem,
  ComposeKind,
  EventHost,
  LaunchEvent,
  SettingsStore,
} from "../launchevent/host";

/** One information bar per item, replaced rather than stacked. */
export const NOTICE_KEY = "relaisSignature";
/** The 16-pixel icon's resource id in the XML manifest (informational bars must show one). */
export const NOTICE_ICON = "Icon.16";

type ComposeOfficeItem = Office.MessageCompose | Office.AppointmentCompose;

class OfficeCallError extends Error {
  constructor(
    what: string,
    readonly code: number | undefined,
    detail: string,
  ) {
    super(`${what} failed (${code ?? "?"}): ${detail}`);
    this.name = "OfficeCallError";
  }
}

/** An Office.js callback API as a promise, failing with the Office error. */
function officeCall<T>(
  what: string,
  start: (callback: (result: Office.AsyncResult<T>) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
        else reject(new OfficeCallError(what, result.error?.code, result.error?.message ?? ""));
      });
    } catch (error) {
      reject(error);
    }
  });
}

function supports(version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported("Mailbox", version);
  } catch {
    return false;
  }
}

function composeItem(item: ComposeOfficeItem): ComposeItem {
  const kind =
    item.itemType === Office.MailboxEnums.ItemType.Appointment ? "appointment" : "message";
  const message = kind === "message" ? (item as Office.MessageCompose) : null;
  const appointment = kind === "appointment" ? (item as Office.AppointmentCompose) : null;
  const mailbox110 = supports("1.10");
  // Outlook on the web and new Outlook only sign messages with setSignatureAsync.
  const onTheWeb = Office.context.platform === Office.PlatformType.OfficeOnline;
  const coercion = (format: BodyFormat) =>
    format === "text" ? Office.CoercionType.Text : Office.CoercionType.Html;
  return {
    key: item,
    kind,
    canSetSignature:
      mailbox110 &&
      typeof item.body.setSignatureAsync === "function" &&
      (kind === "message" || !onTheWeb),
    async composeKind() {
      if (!message || !mailbox110 || typeof message.getComposeTypeAsync !== "function") {
        return null;
      }
      const value = await officeCall<{ composeType?: string }>("getComposeTypeAsync", (cb) =>
        message.getComposeTypeAsync(cb),
      );
      const type = value?.composeType;
      return type === "newMail" || type === "reply" || type === "forward"
        ? (type as ComposeKind)
        : null;
    },
    async fromAddress() {
      const source = message ? message.from : appointment?.organizer;
      if (!source || typeof source.getAsync !== "function") return null;
      const value = await officeCall<Office.EmailAddressDetails>("from.getAsync", (cb) =>
        source.getAsync(cb),
      );
      return value?.emailAddress || null;
    },
    async bodyFormat() {
      const type = await officeCall<Office.CoercionType>("body.getTypeAsync", (cb) =>
        item.body.getTypeAsync(cb),
      );
      return type === Office.CoercionType.Text ? "text" : "html";
    },
    setSignature(content, format) {
      return officeCall<void>("setSignatureAsync", (cb) =>
        item.body.setSignatureAsync(content, { coercionType: coercion(format) }, cb),
      );
    },
    readBody(format) {
      return officeCall<string>("body.getAsync", (cb) => item.body.getAsync(coercion(format), cb));
    },
    writeBody(content, format) {
      return officeCall<void>("body.setAsync", (cb) =>
        item.body.setAsync(content, { coercionType: coercion(format) }, cb),
      );
    },
    async disableClientSignature() {
      if (!mailbox110 || typeof item.disableClientSignatureAsync !== "function") return;
      await officeCall<void>("disableClientSignatureAsync", (cb) =>
        item.disableClientSignatureAsync(cb),
      );
    },
    showNotice(message) {
      return officeCall<void>("notificationMessages.replaceAsync", (cb) =>
        item.notificationMessages.replaceAsync(
          NOTICE_KEY,
          {
            type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
            message,
            icon: NOTICE_ICON,
            persistent: false,
          },
          cb,
        ),
      );
    },
    clearNotice() {
      return officeCall<void>("notificationMessages.removeAsync", (cb) =>
        item.notificationMessages.removeAsync(NOTICE_KEY, cb),
      );
    },
  };
}

const roamingSettings: SettingsStore = {
  get: (key) => Office.context.roamingSettings.get(key),
  set: (key, value) => Office.context.roamingSettings.set(key, value),
  remove: (key) => Office.context.roamingSettings.remove(key),
  save: () =>
    officeCall<void>("roamingSettings.saveAsync", (cb) =>
      Office.context.roamingSettings.saveAsync(cb),
    ),
};

export function createEventHost(): EventHost {
  return {
    currentItem() {
      const item = Office.context.mailbox?.item as ComposeOfficeItem | null | undefined;
      return item?.body ? composeItem(item) : null;
    },
    userAddress: () => Office.context.mailbox?.userProfile?.emailAddress ?? null,
    displayLanguage: () => Office.context.displayLanguage ?? "fr-FR",
    settings: roamingSettings,
  };
}

/** Maps each launch-event function name of the manifests to its handler. */
export function associateHandlers(handlers: Record<string, (event: LaunchEvent) => void>): void {
  // The HTML runtime (web, new Outlook, Mac) initialises Office.js on onReady; classic Outlook's
  // JavaScript-only runtime skips it. Handlers are associated at once either way.
  if (typeof Office.onReady === "function") {
    Office.onReady().catch((error: unknown) =>
      console.error("Relais: Office.onReady failed", error),
    );
  }
  for (const name of Object.keys(handlers)) {
    const handler = handlers[name];
    if (handler) Office.actions.associate(name, handler);
  }
}

interface OfficeAuthApi {
  getAccessToken(options?: Office.AuthOptions): Promise<string>;
}

/** `Office.auth`, or `OfficeRuntime.auth` in older JavaScript-only runtimes. */
function officeAuthApi(): OfficeAuthApi | null {
  const scope = globalThis as { Office?: typeof Office; OfficeRuntime?: { auth?: OfficeAuthApi } };
  const auth = scope.Office?.auth ?? scope.OfficeRuntime?.auth;
  return auth && typeof auth.getAccessToken === "function" ? auth : null;
}

const SSO_NEEDS_USER = new Set([13001, 13005]);
const SSO_CANCELLED = 13002;

/**
 * Office's own SSO (`Office.auth.getAccessToken`): a token for the add-in's app registration,
 * which is the Relais API's, where Nested App Authentication cannot run. Silent unless
 * `interactive`.
 */
export const officeSingleSignOn: TokenSource = {
  name: "Office SSO",
  async getToken(interactive): Promise<TokenOutcome> {
    const api = officeAuthApi();
    if (!api) return { kind: "unavailable", reason: "no Office.auth in this host" };
    try {
      const token = await api.getAccessToken({
        allowSignInPrompt: interactive,
        allowConsentPrompt: interactive,
      });
      return { kind: "token", token };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === SSO_CANCELLED) return { kind: "cancelled" };
      if (typeof code === "number" && SSO_NEEDS_USER.has(code)) {
        return { kind: "needs-user", reason: error };
      }
      return { kind: "unavailable", reason: error };
    }
  },
};
