import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../api/src/config";
import { createLogger } from "../../api/src/core/logger";
import { openDatabase } from "../../api/src/db/client";
import { start } from "../../api/src/main";
import { launchBrowser, newPage, type TestPage } from "../support/browser";
import {
  createNaaBridgeHost,
  installFakeNaaBridge,
  NAA_BRIDGE_HOST_FUNCTION,
  type NaaBehaviour,
  type NaaBridgeHost,
} from "../support/fake-naa-bridge";
import {
  type FakeOfficeHostOptions,
  installFakeOfficeHost,
  officeJsUrl,
  recordedInsertions,
  switchHostTheme,
} from "../support/fake-office-host";
import { freePort } from "../support/ports";

const addinDist = fileURLToPath(new URL("../../addins/outlook/dist/", import.meta.url));

interface Signature {
  html: string;
  template: { name: string; number: number };
  rule: { name: string } | null;
  reason: { fr: string; en: string };
}

interface Agent {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

/**
 * One origin in front of the API, as Outlook sees it: the API (started with this origin as its
 * public URL, so signature images come from it too) behind a proxy that serves the built pane
 * from addins/outlook/dist at /addin/* while the API does not serve it itself yet.
 */
async function startPaneOrigin() {
  const front: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  // The API's own URL is its public one (the front): it listens on a port chosen here.
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const config = loadConfig({
    PORT: String(apiPort),
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    PUBLIC_URL: origin,
  });
  const api = await start(config, {
    database: await openDatabase({ kind: "pglite-memory" }),
    logger: createLogger("silent"),
    ephemeral: true,
  });
  const apiServesPane = (await fetch(`${apiUrl}/addin/taskpane.html`)).ok;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = request.url ?? "/";
    if (!apiServesPane && path.startsWith("/addin/")) return serveDist(path, response);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !["host", "connection"].includes(name)) {
        headers.set(name, value);
      }
    }
    const upstream = await fetch(`${apiUrl}${path}`, {
      method: request.method ?? "GET",
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : null,
      redirect: "manual",
    });
    const forwarded: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      // fetch has already decoded the body.
      if (!["content-encoding", "content-length", "transfer-encoding"].includes(name)) {
        forwarded[name] = value;
      }
    });
    response.writeHead(upstream.status, forwarded);
    response.end(Buffer.from(await upstream.arrayBuffer()));
  }

  return {
    origin,
    close: async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await api.close();
    },
  };
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The pane's files, under the policy the API gives pages plus Office's script. */
async function serveDist(path: string, response: ServerResponse) {
  const relative = decodeURIComponent(new URL(path, "http://pane").pathname).slice(
    "/addin/".length,
  );
  const file = normalize(join(addinDist, relative));
  if (!file.startsWith(normalize(addinDist + sep)) && file !== normalize(addinDist)) {
    return response.writeHead(404).end();
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "content-security-policy": [
        "default-src 'self'",
        `script-src 'self' ${new URL(officeJsUrl).origin}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
      ].join("; "),
    });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}

describe("Outlook compose task pane", () => {
  let pane: Awaited<ReturnType<typeof startPaneOrigin>>;
  let browser: Browser;
  let helene: Agent;
  let session: TestPage | undefined;
  /** Console errors a test provokes on purpose (a failing request it staged). */
  let expectedConsoleErrors: RegExp[] = [];

  beforeAll(async () => {
    pane = await startPaneOrigin();
    browser = await launchBrowser();
    const built = await fetch(`${pane.origin}/addin/taskpane.html`);
    expect(built.status, "build the add-in first: npm run build -w @relais/outlook-addin").toBe(
      200,
    );
    const { agents } = (await (await fetch(`${pane.origin}/sandbox/agents`)).json()) as {
      agents: Agent[];
    };
    const found = agents.find((agent) => agent.displayName === "Hélène Wamytan");
    if (!found) throw new Error("Hélène Wamytan is missing from the sandbox directory");
    helene = found;
  });

  afterEach(async () => {
    const current = session;
    session = undefined;
    const expected = expectedConsoleErrors;
    expectedConsoleErrors = [];
    await current?.close();
    if (current) {
      expect(current.pageErrors.map(String)).toEqual([]);
      const unexpected = current.consoleErrors.filter(
        (message) => !expected.some((pattern) => pattern.test(message)),
      );
      expect(unexpected).toEqual([]);
      expect(current.blockedRequests).toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await pane?.close();
  });

  async function sandboxToken(agent: Agent): Promise<{ token: string; expiresIn: number }> {
    const response = await fetch(`${pane.origin}/sandbox/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userPrincipalName: agent.userPrincipalName }),
    });
    const body = (await response.json()) as { access_token: string; expires_in: number };
    return { token: body.access_token, expiresIn: body.expires_in };
  }

  async function signatureFromApi(variant: string): Promise<Signature> {
    const { token } = await sandboxToken(helene);
    const response = await fetch(`${pane.origin}/api/signatures/me?variant=${variant}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Signature;
  }

  /**
   * Opens the pane in a fake Outlook whose nested app authentication answers as `naa` says
   * (Hélène's sandbox tokens), or in one without the bridge at all (`naa: null`).
   */
  async function openPane(
    host: FakeOfficeHostOptions,
    options: { naa: NaaBehaviour | null } = { naa: "grant" },
  ): Promise<TestPage & { bridge: NaaBridgeHost | null }> {
    session = await newPage(browser, pane.origin);
    const { page } = session;
    await installFakeOfficeHost(page, {
      userEmail: helene.userPrincipalName,
      userDisplayName: helene.displayName,
      ...host,
    });
    let bridge: NaaBridgeHost | null = null;
    if (options.naa) {
      const { tenantId, authority } = (await (
        await fetch(`${pane.origin}/api/client-config`)
      ).json()) as { tenantId: string; authority: string };
      bridge = createNaaBridgeHost({
        account: {
          tenantId,
          // The sandbox tenant's sign-in host, as Outlook would report the account's cloud.
          environment: new URL(authority).host,
          userId: helene.id,
          username: helene.userPrincipalName,
          name: helene.displayName,
        },
        mintAccessToken: async (request) => {
          // Once the agent has consented in Outlook's prompt, Outlook answers silently too.
          if (request.method === "GetTokenPopup" && bridge) bridge.behaviour = "grant";
          const { token, expiresIn } = await sandboxToken(helene);
          return { accessToken: token, expiresIn };
        },
        behaviour: options.naa,
      });
      await page.exposeFunction(NAA_BRIDGE_HOST_FUNCTION, bridge.handle);
      await page.addInitScript(installFakeNaaBridge, NAA_BRIDGE_HOST_FUNCTION);
    }
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto(`${pane.origin}/addin/taskpane.html`);
    return { ...session, bridge };
  }

  async function previewText(page: Page): Promise<string> {
    const frame = page.frameLocator('[data-testid="signature-preview"]');
    await frame.locator("body").waitFor();
    return (await frame.locator("body").textContent()) ?? "";
  }

  it("shows Hélène's signature, says why, and re-inserts it with setSignatureAsync", async () => {
    const { page, bridge } = await openPane({ item: { kind: "message", composeType: "newMail" } });
    const expected = await signatureFromApi("new");

    await page.getByRole("heading", { level: 1, name: "Ma signature" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    const selected = page.getByRole("tab", { selected: true });
    expect(await selected.textContent()).toBe("Nouveau message");
    await page.getByTestId("signature-view").waitFor();

    const preview = await previewText(page);
    expect(preview).toContain("Hélène Wamytan");
    expect(preview).toContain("Cheffe du service communication");
    expect(await page.getByTestId("signature-template").textContent()).toBe(
      `${expected.template.name} · version ${expected.template.number}`,
    );
    expect(await page.getByTestId("signature-reason").textContent()).toBe(expected.reason.fr);
    expect(await page.getByTestId("signature-rule").textContent()).toBe(
      expected.rule ? expected.rule.name : "Aucune règle\u00a0: modèle par défaut",
    );
    expect(await page.getByTestId("signature-refreshed-at").textContent()).toMatch(
      /^Actualisée le \d/,
    );
    expect(await page.getByTestId("signature-from-cache").count()).toBe(0);
    // Signed in silently by Outlook, for the Relais API.
    expect(new Set(bridge!.tokenRequests.map((request) => request.method))).toEqual(
      new Set(["GetToken"]),
    );
    expect(bridge!.tokenRequests[0]?.scope).toContain("access_as_user");
    // Sandboxed: no script can run in the preview.
    expect(await page.getByTestId("signature-preview").getAttribute("sandbox")).toBe(
      "allow-same-origin",
    );

    await page.getByRole("button", { name: "Insérer cette signature" }).click();
    await page.getByText("Signature «\u00a0Nouveau message\u00a0» insérée.").waitFor();
    expect(await recordedInsertions(page)).toEqual([
      { method: "setSignatureAsync", data: expected.html, coercionType: "html" },
    ]);

    const reply = await signatureFromApi("reply");
    await page.getByRole("tab", { name: "Réponse / transfert" }).click();
    await page.getByTestId("signature-view").waitFor();
    await page.getByRole("button", { name: "Insérer cette signature" }).click();
    await page.getByText("Signature «\u00a0Réponse / transfert\u00a0» insérée.").waitFor();
    const insertions = await recordedInsertions(page);
    expect(insertions).toHaveLength(2);
    expect(insertions[1]).toEqual({
      method: "setSignatureAsync",
      data: reply.html,
      coercionType: "html",
    });
  });

  it("follows the host's dark theme, and its switch back to light", async () => {
    const { page } = await openPane({
      item: { kind: "message", composeType: "reply" },
      theme: "dark",
    });
    const taskpane = page.getByTestId("taskpane");
    await page.getByTestId("signature-view").waitFor();
    expect(await taskpane.getAttribute("data-color-scheme")).toBe("dark");
    expect(await backgroundLuminance(page)).toBeLessThan(0.2);
    // A reply opens on the reply variant.
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe(
      "Réponse / transfert",
    );

    await switchHostTheme(page, "light");
    await page.waitForSelector('[data-testid="taskpane"][data-color-scheme="light"]');
    expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);
  });

  it("signs the agent in with Outlook when no token comes silently", async () => {
    const { page, bridge } = await openPane({ item: { kind: "message" } }, { naa: "user-cancel" });

    await page.getByRole("heading", { level: 1, name: "Connexion requise" }).waitFor();
    expect(await page.getByTestId("signature-view").count()).toBe(0);
    const signIn = page.getByRole("button", { name: "Se connecter", exact: true });
    await signIn.click();
    await page.getByText("La connexion n’a pas abouti. Réessayez.").waitFor();

    bridge!.behaviour = "interaction-required";
    await signIn.click();
    await page.getByTestId("signature-view").waitFor();
    expect(await previewText(page)).toContain("Hélène Wamytan");
    expect(bridge!.tokenRequests.map((request) => request.method)).toContain("GetTokenPopup");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Ma signature");
  });

  it("offers the sandbox tenant's sign-in when there is no Outlook sign-in at all", async () => {
    const { page } = await openPane({ item: { kind: "message" } }, { naa: null });

    await page.getByRole("heading", { level: 1, name: "Connexion requise" }).waitFor();
    expect(await page.getByRole("button", { name: "Se connecter", exact: true }).count()).toBe(1);
    await page.getByRole("button", { name: "Choisir un agent" }).click();
    await page.getByRole("searchbox", { name: "Rechercher un agent" }).fill("helene");
    await page.getByRole("button", { name: "Hélène Wamytan", exact: true }).click();
    await page.getByTestId("signature-view").waitFor();
    expect(await previewText(page)).toContain("Hélène Wamytan");
  });

  it("offers the meeting variant at the cursor, in English when Outlook is in English", async () => {
    const { page } = await openPane({ item: { kind: "appointment" }, displayLanguage: "en-US" });
    const expected = await signatureFromApi("meeting");

    await page.getByRole("heading", { level: 1, name: "My signature" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Meeting");
    await page.getByTestId("signature-view").waitFor();
    expect(await page.getByTestId("signature-reason").textContent()).toBe(expected.reason.en);

    await page.getByRole("button", { name: "Insert at the cursor" }).click();
    await page.getByText("“Meeting” signature inserted.").waitFor();
    expect(await recordedInsertions(page)).toEqual([
      { method: "setSelectedDataAsync", data: expected.html, coercionType: "html" },
    ]);
  });

  it("shows the last signature received, marked as a local copy, when Relais is down", async () => {
    const { page } = await openPane({ item: { kind: "message" } });
    await page.getByTestId("signature-view").waitFor();
    const refreshedAt = await page.getByTestId("signature-refreshed-at").textContent();

    expectedConsoleErrors = [/status of 503/];
    await page.route("**/api/signatures/me?*", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "unavailable", message: "Down for maintenance", requestId: "r-1" },
        }),
      }),
    );
    await page.getByRole("button", { name: "Actualiser" }).click();
    await page.getByTestId("signature-from-cache").waitFor();
    expect(await page.getByTestId("signature-from-cache").textContent()).toBe("Copie locale");
    expect(await page.getByTestId("signature-refreshed-at").textContent()).toBe(refreshedAt);
    expect(await previewText(page)).toContain("Hélène Wamytan");
  });

  it("explains, in French, a signature Relais cannot give", async () => {
    const { page } = await openPane({ item: { kind: "message" } });
    await page.getByTestId("signature-view").waitFor();

    expectedConsoleErrors = [/status of 404/];
    await page.route("**/api/signatures/me?*", (route) =>
      route.fulfill({
        status: 404,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "not_found", message: "No published signature.", requestId: "r-2" },
        }),
      }),
    );
    await page.getByRole("tab", { name: "Réunion" }).click();
    const error = page.getByTestId("pane-error");
    await error.waitFor();
    expect(await error.textContent()).toContain(
      "Aucune signature publiée ne s’applique à vous pour le moment.",
    );
    expect(await error.textContent()).toContain("r-2");
  });
});

/** Relative luminance (0 black … 1 white) of the Fluent provider's background. */
async function backgroundLuminance(page: Page): Promise<number> {
  const color = await page
    .locator(".fui-FluentProvider")
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);
  const [red = 0, green = 0, blue = 0] = (color.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
}
