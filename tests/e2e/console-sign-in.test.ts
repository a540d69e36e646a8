import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, type TestPage } from "../support/browser";
import { startTestServer } from "../support/server";

const signInTitle = "Se connecter en tant que…";

describe("console sign-in with the sandbox tenant", () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let session: TestPage | undefined;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const built = await fetch(`${server.url}/console/`);
    expect(built.status, "build the console first: npm run build -w intranet/console").toBe(200);
  });

  afterEach(async () => {
    const current = session;
    session = undefined;
    await current?.close();
    if (current) {
      expect(current.pageErrors.map(String)).toEqual([]);
      expect(current.consoleErrors).toEqual([]);
      expect(current.blockedRequests).toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openConsole(): Promise<TestPage> {
    session = await newPage(browser, server.url);
    await session.page.goto(`${server.url}/console/`);
    await session.page.getByRole("heading", { level: 1, name: signInTitle }).waitFor();
    return session;
  }

  /** Searches without accents, checks the list only holds Hélènes, then picks the head of comms. */
  async function signInAsHelene({ page }: TestPage): Promise<void> {
    const names = page.getByTestId("sandbox-agent-name");
    await names.first().waitFor(); // the directory is loaded
    const everyone = await names.count();
    await page.getByRole("searchbox", { name: "Rechercher un agent" }).fill("helene");
    await page.waitForFunction(
      (total) => document.querySelectorAll('[data-testid="sandbox-agent-name"]').length < total,
      everyone,
    );
    for (const name of await names.allTextContents()) expect(name).toMatch(/Hélène/);
    await page.getByRole("button", { name: "Hélène Wamytan", exact: true }).click();
    await page.getByTestId("signed-in-card").waitFor();
  }

  it("signs in as Hélène Wamytan, found by an accent-free search, and shows her profile", async () => {
    const tab = await openConsole();
    const { page } = tab;

    await signInAsHelene(tab);

    await page.getByRole("heading", { level: 1, name: "Vous êtes connecté·e" }).waitFor();
    expect(await page.getByTestId("me-display-name").textContent()).toBe("Hélène Wamytan");
    expect(await page.getByTestId("me-department").textContent()).toBe("Communication");
    const roles = await page.getByTestId("me-roles").locator("li").allTextContents();
    expect(roles).toEqual(["Administrateur·rice", "Éditeur·rice"]);
    expect(await page.getByTestId("header-account-name").textContent()).toBe("Hélène Wamytan");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
  });

  it("returns to the sign-in page after signing out, and stays there on reload", async () => {
    const tab = await openConsole();
    const { page } = tab;
    await signInAsHelene(tab);

    await page.getByRole("button", { name: "Se déconnecter" }).click();

    await page.getByRole("heading", { level: 1, name: signInTitle }).waitFor();
    expect(await page.getByTestId("signed-in-card").count()).toBe(0);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: signInTitle }).waitFor();
    expect(await page.getByTestId("signed-in-card").count()).toBe(0);
  });
});
