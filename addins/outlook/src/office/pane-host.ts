/**
 * The task pane's only contact with Office.js. The pane receives a `PaneHost` and never reads
 * `Office` itself, so its components run in a browser (and in tests) without Outlook.
 */

export type ItemKind = "message" | "appointment";
export type ComposeType = "newMail" | "reply" | "forward";
export type HostColorScheme = "light" | "dark";

export interface SignatureContent {
  html: string;
  text: string;
}

export interface PaneHost {
  /** False when the pane runs outside Outlook (office.js missing, or a plain browser tab). */
  readonly inOutlook: boolean;
  /** The item being composed, or null (read mode, no item, no host). */
  getItemKind(): ItemKind | null;
  /** The From address of a message (organizer of a meeting), e.g. a shared mailbox. */
  getFromAddress(): Promise<string | null>;
  /** Messages only (Mailbox 1.10); null for meetings and older hosts. */
  getComposeType(): Promise<ComposeType | null>;
  /** How `insertSignature` places the signature, or null when it cannot. */
  insertMode(): "signature" | "cursor" | null;
  insertSignature(signature: SignatureContent): Promise<void>;
  getTheme(): HostColorScheme;
  /** Returns the unsubscribe function; a no-op where the host never tells (Mailbox < 1.14). */
  onThemeChanged(listener: (scheme: HostColorScheme) => void): () => void;
  /** Outlook's UI language (e.g. "fr-FR"), or null without a host. */
  displayLanguage(): string | null;
}

/** An Office.js call that failed; `code` is Office's error name (e.g. "DataExceedsMaximumSize"). */
export class HostError extends Error {
  override readonly name = "HostError";
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Waits for Office.js, then describes the host; a detached host when there is none. */
export async function connectPaneHost(): Promise<PaneHost> {
  if (typeof Office === "undefined") return detachedHost;
  await Office.onReady();
  const mailbox = Office.context?.mailbox;
  return mailbox ? outlookHost(mailbox) : { ...detachedHost, displayLanguage: hostLanguage };
}

/** Outside Outlook: nothing to insert into, light theme, no language hint. */
export const detachedHost: PaneHost = {
  inOutlook: false,
  getItemKind: () => null,
  getFromAddress: async () => null,
  getComposeType: async () => null,
  insertMode: () => null,
  insertSignature: async () => {
    throw new HostError("NoItem", "No Outlook item to insert the signature into.");
  },
  getTheme: () => "light",
  onThemeChanged: () => () => {},
  displayLanguage: () => null,
};

function hostLanguage(): string | null {
  return Office.context?.displayLanguage || null;
}

function supports(version: string): boolean {
  return Office.context.requirements.isSetSupported("Mailbox", version);
}

type Item = NonNullable<Office.Mailbox["item"]>;

function outlookHost(mailbox: Office.Mailbox): PaneHost {
  const currentItem = (): Item | null => mailbox.item ?? null;

  const itemKind = (): ItemKind | null => {
    const item = currentItem();
    if (!item) return null;
    if (item.itemType === Office.MailboxEnums.ItemType.Appointment) return "appointment";
    return item.itemType === Office.MailboxEnums.ItemType.Message ? "message" : null;
  };

  /** Compose items have async setters; read items expose plain values instead. */
  const isCompose = (item: Item): boolean => typeof item.body?.setSelectedDataAsync === "function";

  const insertMode = (): "signature" | "cursor" | null => {
    const item = currentItem();
    if (!item || !isCompose(item)) return null;
    const kind = itemKind();
    // Outlook on the web and the new Outlook only set signatures on messages (Mailbox 1.10);
    // meetings and older hosts get it at the cursor, where the agent chose to put it.
    if (kind === "message" && supports("1.10")) return "signature";
    return kind ? "cursor" : null;
  };

  return {
    inOutlook: true,
    getItemKind: () => {
      const item = currentItem();
      return item && isCompose(item) ? itemKind() : null;
    },

    async getFromAddress() {
      const item = currentItem();
      const fallback = mailbox.userProfile?.emailAddress || null;
      if (!item || !isCompose(item) || !supports("1.7")) return fallback;
      const from = itemKind() === "appointment" ? item.organizer : item.from;
      if (typeof from?.getAsync !== "function") return fallback;
      const details = await officeCall<Office.EmailAddressDetails>((done) => from.getAsync(done));
      return details?.emailAddress || fallback;
    },

    async getComposeType() {
      const item = currentItem();
      if (!item || itemKind() !== "message" || !supports("1.10")) return null;
      if (typeof item.getComposeTypeAsync !== "function") return null;
      const value = await officeCall<{ composeType?: string }>((done) =>
        item.getComposeTypeAsync(done),
      );
      const type = value?.composeType;
      return type === "reply" || type === "forward" || type === "newMail" ? type : null;
    },

    insertMode,

    async insertSignature(signature) {
      const item = currentItem();
      const mode = insertMode();
      if (!item || !mode) throw new HostError("NoItem", "No item being composed.");
      const bodyType = await officeCall<Office.CoercionType>((done) =>
        item.body.getTypeAsync(done),
      );
      const asHtml = bodyType !== Office.CoercionType.Text;
      const data = asHtml ? signature.html : signature.text;
      const options = {
        coercionType: asHtml ? Office.CoercionType.Html : Office.CoercionType.Text,
      };
      if (mode === "signature") {
        await officeCall<void>((done) => item.body.setSignatureAsync(data, options, done));
      } else {
        await officeCall<void>((done) => item.body.setSelectedDataAsync(data, options, done));
      }
    },

    getTheme: () => schemeOf(Office.context.officeTheme),

    onThemeChanged(listener) {
      if (!supports("1.14") || typeof mailbox.addHandlerAsync !== "function") return () => {};
      let active = true;
      const handler = (event: Office.OfficeThemeChangedEventArgs) => {
        if (active) listener(schemeOf(event.officeTheme));
      };
      mailbox.addHandlerAsync(Office.EventType.OfficeThemeChanged, handler, (result) => {
        if (result.status === Office.AsyncResultStatus.Failed) {
          console.warn("Relais: theme changes will not be followed.", result.error.message);
        }
      });
      return () => {
        active = false;
        mailbox.removeHandlerAsync(Office.EventType.OfficeThemeChanged);
      };
    },

    displayLanguage: hostLanguage,
  };
}

/** Outlook has no `isDarkTheme`: dark when the body background is dark. */
function schemeOf(theme: Office.OfficeTheme | undefined): HostColorScheme {
  const hex = /^#?([0-9a-f]{6})$/i.exec(theme?.bodyBackgroundColor?.trim() ?? "")?.[1];
  if (!hex) return "light";
  const channel = (offset: number) => Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return luminance < 0.5 ? "dark" : "light";
}

/** Office's callback style as a promise; failures carry Office's error name and message. */
function officeCall<T>(invoke: (callback: (result: Office.AsyncResult<T>) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    try {
      invoke((result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
        else reject(new HostError(result.error?.name ?? "Failed", result.error?.message ?? ""));
      });
    } catch (error) {
      reject(error);
    }
  });
}
