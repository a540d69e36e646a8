import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium, headless, with every phone-home feature off (the machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** `console.error` messages, as "text (url:line)". */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: Error[];
  /** Requests aborted because they left `baseUrl`'s origin. */
  blockedRequests: string[];
  close(): Promise<void>;
}

/**
 * A page in a fresh context (its own storage) that may only talk to `baseUrl`'s origin:
 * every other request is aborted and recorded, as are console errors and page errors,
 * so a test can assert that none happened.
 */
export async function newPage(browser: Browser, baseUrl: string): Promise<TestPage> {
  const origin = new URL(baseUrl).origin;
  const context = await browser.newContext();
  const consoleErrors: string[] = [];
  const pageErrors: Error[] = [];
  const blockedRequests: string[] = [];

  await context.route(
    () => true,
    (route) => {
      const url = route.request().url();
      if (isSameOrigin(url, origin)) return route.continue();
      blockedRequests.push(url);
      return route.abort("blockedbyclient");
    },
  );

  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const location = message.location();
    consoleErrors.push(`${message.text()} (${location.url}:${location.lineNumber})`);
  });
  page.on("pageerror", (error) => pageErrors.push(error));

  return {
    page,
    context,
    consoleErrors,
    pageErrors,
    blockedRequests,
    close: () => context.close(),
  };
}

function isSameOrigin(url: string, origin: string): boolean {
  // data: and blob: URLs never leave the machine.
  if (url.startsWith("data:") || url.startsWith("blob:")) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
