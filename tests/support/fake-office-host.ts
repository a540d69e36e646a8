import type { BrowserContext, Page } from "playwright-core";

/** The script every add-in page loads from Microsoft's CDN; tests answer it with a fake host. */
export const officeJsUrl = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

export type FakeItem =
  | {
      kind: "message";
      composeType?: "newMail" | "reply" | "forward";
      /** The From address; the signed-in agent's by default. */
      from?: string;
      bodyType?: "html" | "text";
    }
  | { kind: "appointment"; organizer?: string; bodyType?: "html" | "text" };

export interface FakeOfficeHostOptions {
  /** The item being composed; null for a pane opened with no item. Default: a new message. */
  item?: FakeItem | null;
  theme?: "light" | "dark";
  /** Outlook's UI language. Default "fr-FR". */
  displayLanguage?: string;
  /** Highest Mailbox requirement set the host supports. Default "1.14". */
  mailboxVersion?: string;
  userEmail?: string;
  userDisplayName?: string;
}

/** What the pane asked Outlook to put in the item, as recorded by the fake host. */
export interface RecordedInsertion {
  method: "setSignatureAsync" | "setSelectedDataAsync";
  data: string;
  coercionType: string | undefined;
}

/**
 * A stand-in for office.js in Outlook compose mode: `Office.onReady`, the mailbox item (body,
 * From, compose type), the theme and its change event, requirement sets. Calls that change the
 * item are recorded on `window.__fakeOffice` instead.
 */
export function fakeOfficeScript(options: FakeOfficeHostOptions = {}): string {
  const settings = {
    item: options.item === undefined ? { kind: "message" } : options.item,
    theme: options.theme ?? "light",
    displayLanguage: options.displayLanguage ?? "fr-FR",
    mailboxVersion: options.mailboxVersion ?? "1.14",
    userEmail: options.userEmail ?? "",
    userDisplayName: options.userDisplayName ?? "",
  };
  return `(${installFakeOffice.toString()})(${JSON.stringify(settings)});`;
}

/** Answers the office.js request of `target`'s pages with the fake host. */
export async function installFakeOfficeHost(
  target: Page | BrowserContext,
  options: FakeOfficeHostOptions = {},
): Promise<void> {
  await target.route(officeJsUrl, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/javascript; charset=utf-8",
      body: fakeOfficeScript(options),
    }),
  );
}

export function recordedInsertions(page: Page): Promise<RecordedInsertion[]> {
  return page.evaluate(
    () =>
      (window as unknown as { __fakeOffice: { insertions: RecordedInsertion[] } }).__fakeOffice
        .insertions,
  );
}

/** The agent switches Outlook's theme: the host raises OfficeThemeChanged. */
export function switchHostTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  return page.evaluate(
    (next) =>
      (window as unknown as { __fakeOffice: { setTheme(t: string): void } }).__fakeOffice.setTheme(
        next,
      ),
    theme,
  );
}

interface Settings {
  item: FakeItem | null;
  theme: "light" | "dark";
  displayLanguage: string;
  mailboxVersion: string;
  userEmail: string;
  userDisplayName: string;
}

/** Runs in the page (serialised with toString): keep it self-contained. */
function installFakeOffice(settings: Settings): void {
  type Callback = (result: unknown) => void;
  const themes = {
    light: {
      bodyBackgroundColor: "#FFFFFF",
      bodyForegroundColor: "#242424",
      controlBackgroundColor: "#FFFFFF",
      controlForegroundColor: "#242424",
    },
    dark: {
      bodyBackgroundColor: "#292929",
      bodyForegroundColor: "#FFFFFF",
      controlBackgroundColor: "#1F1F1F",
      controlForegroundColor: "#FFFFFF",
    },
  };
  const insertions: RecordedInsertion[] = [];
  const themeHandlers: Array<(event: unknown) => void> = [];

  const succeeded = (value?: unknown) => ({ status: "succeeded", value, error: null });
  /** Office methods take (args…, options?, callback?): the callback is the last function. */
  const callbackOf = (args: unknown[]): Callback | undefined =>
    [...args].reverse().find((arg): arg is Callback => typeof arg === "function");
  const optionsOf = (args: unknown[]): { coercionType?: string } | undefined =>
    args.find((arg): arg is { coercionType?: string } => typeof arg === "object" && arg !== null);
  const answer = (args: unknown[], value?: unknown) => {
    const callback = callbackOf(args);
    setTimeout(() => callback?.(succeeded(value)), 0);
  };
  const versionAtMost = (wanted: string, supported: string) => {
    const [wantedMajor = 0, wantedMinor = 0] = wanted.split(".").map(Number);
    const [major = 0, minor = 0] = supported.split(".").map(Number);
    return wantedMajor < major || (wantedMajor === major && wantedMinor <= minor);
  };

  const item = settings.item;
  const bodyType = item?.bodyType ?? "html";
  const recorder =
    (method: RecordedInsertion["method"]) =>
    (data: string, ...rest: unknown[]) => {
      insertions.push({ method, data, coercionType: optionsOf(rest)?.coercionType });
      answer(rest);
    };
  const body = {
    getTypeAsync: (...args: unknown[]) => answer(args, bodyType),
    setSignatureAsync: recorder("setSignatureAsync"),
    setSelectedDataAsync: recorder("setSelectedDataAsync"),
  };
  const address = (emailAddress: string) => ({
    getAsync: (...args: unknown[]) =>
      answer(args, { emailAddress, displayName: settings.userDisplayName }),
  });
  let mailboxItem: Record<string, unknown> | null = null;
  if (item?.kind === "message") {
    mailboxItem = {
      itemType: "message",
      body,
      from: address(item.from ?? settings.userEmail),
      getComposeTypeAsync: (...args: unknown[]) =>
        answer(args, { composeType: item.composeType ?? "newMail", coercionType: bodyType }),
    };
  } else if (item?.kind === "appointment") {
    mailboxItem = {
      itemType: "appointment",
      body,
      organizer: address(item.organizer ?? settings.userEmail),
    };
  }

  const context = {
    displayLanguage: settings.displayLanguage,
    officeTheme: { ...themes[settings.theme], isDarkTheme: settings.theme === "dark" },
    requirements: {
      isSetSupported: (name: string, version?: string) =>
        name === "Mailbox" && versionAtMost(version ?? "1.1", settings.mailboxVersion),
    },
    mailbox: {
      item: mailboxItem,
      userProfile: {
        emailAddress: settings.userEmail,
        displayName: settings.userDisplayName,
        timeZone: "Pacific/Noumea",
      },
      addHandlerAsync: (type: string, handler: (event: unknown) => void, ...rest: unknown[]) => {
        if (type === "officeThemeChanged") themeHandlers.push(handler);
        answer(rest);
      },
      removeHandlerAsync: (type: string, ...rest: unknown[]) => {
        if (type === "officeThemeChanged") themeHandlers.length = 0;
        answer(rest);
      },
    },
  };

  const info = { host: "Outlook", platform: "OfficeOnline" };
  const office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
    HostType: { Outlook: "Outlook" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    MailboxEnums: {
      ItemType: { Message: "message", Appointment: "appointment" },
      ComposeType: { NewMail: "newMail", Reply: "reply", Forward: "forward" },
    },
    context,
    onReady: (callback?: (ready: typeof info) => void) =>
      new Promise((resolve) => {
        setTimeout(() => {
          callback?.(info);
          resolve(info);
        }, 0);
      }),
  };

  const target = window as unknown as Record<string, unknown>;
  target.Office = office;
  target.__fakeOffice = {
    insertions,
    setTheme(next: "light" | "dark") {
      const officeTheme = { ...themes[next], isDarkTheme: next === "dark" };
      context.officeTheme = officeTheme;
      for (const handler of themeHandlers) handler({ type: "officeThemeChanged", officeTheme });
    },
  };
}
