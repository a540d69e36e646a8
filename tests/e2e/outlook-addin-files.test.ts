import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/server";

/** Every address the manifests send Outlook to must answer: a dead link is a broken button. */
describe("the Outlook add-in as the API serves it", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const ownUrls = (text: string) => [
    ...new Set(
      [...text.matchAll(/https?:\/\/[^\s"'<>]+/g)]
        .map((match) => match[0].replace(/&amp;/g, "&"))
        .filter((url) => url.startsWith(server.url)),
    ),
  ];

  it("answers every page, script and icon the XML and JSON manifests name", async () => {
    for (const manifest of ["/manifests/outlook.xml", "/manifests/outlook.json"]) {
      const response = await fetch(`${server.url}${manifest}`);
      expect(response.status, manifest).toBe(200);
      const urls = ownUrls(await response.text());
      expect(urls.length, manifest).toBeGreaterThanOrEqual(5);
      for (const url of urls) {
        if (new URL(url).pathname === "/") continue;
        const answer = await fetch(url);
        expect(answer.status, `${manifest} → ${url}`).toBe(200);
        expect(answer.headers.get("content-type"), url).toMatch(
          /^(text\/html|text\/javascript|image\/png)/,
        );
      }
    }
    const pages = ownUrls(await (await fetch(`${server.url}/manifests/outlook.xml`)).text());
    expect(pages).toEqual(
      expect.arrayContaining([
        `${server.url}/addin/launchevent.js`,
        `${server.url}/addin/launchevent.html`,
        `${server.url}/addin/taskpane.html`,
        `${server.url}/addin/send-to-communication.html`,
      ]),
    );
  });

  it("lets Outlook frame its pages and no one else's", async () => {
    const pane = await fetch(`${server.url}/addin/taskpane.html`);
    expect(pane.headers.get("x-frame-options")).toBeNull();
    expect(pane.headers.get("content-security-policy")).toMatch(
      /frame-ancestors[^;]*https:\/\/outlook\.office\.com/,
    );
    const consolePage = await fetch(`${server.url}/console/`);
    expect(consolePage.headers.get("content-security-policy")).toMatch(/frame-ancestors 'self'/);
  });
});
