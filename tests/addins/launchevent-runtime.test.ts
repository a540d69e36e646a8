/**
 * The built event runtime (`launchevent.js`, as shipped) run in a bare `node:vm` context shaped
 * like classic Outlook's JavaScript-only runtime, against a fake mailbox, with the real Relais
 * API served over HTTP (and made down, slow or failing on demand). Tokens come from a fake
 * Outlook NAA bridge that hands out real sandbox tokens.
 */
import { webcrypto } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import vm from "node:vm";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildRuntime } from "../../addins/outlook/scripts/build-runtime";
import { SIGNATURE_MARKER } from "../../addins/outlook/src/launchevent/placement";
import {
  CACHE_BUDGET_BYTES,
  CACHE_SETTING,
  cacheKey,
  createSignatureCache,
  utf8Length,
} from "../../addins/outlook/src/launchevent/signature-cache";
import { agents } from "../../api/src/db/schema";
import {
  runtimeConfigStatement,
  withRuntimeConfig,
} from "../../api/src/modules/addin/addin.service";
import { SANDBOX_KEY_PEOPLE, type SandboxUser } from "../../api/src/sandbox/directory";
import { createTestApp, type TestApp } from "../support/app";
import {
  FakeMailbox,
  type FakeMailboxOptions,
  loadJsRuntime,
  ROAMING_SETTINGS_LIMIT_BYTES,
} from "../support/fake-mailbox";
import {
  createNaaBridgeHost,
  installFakeNaaBridge,
  NAA_BRIDGE_HOST_FUNCTION,
  type NaaBehaviour,
} from "../support/fake-naa-bridge";
import { freePort } from "../support/ports";

const SHARED = {
  id: "shared-mailbox-accueil",
  name: "Accueil de la mairie",
  address: "accueil@ville-dumbea.nc",
};
const NEW = "onNewMessageComposeHandler";
const MEETING = "onNewAppointmentOrganizerHandler";
const FROM_CHANGED = "onMessageFromChangedHandler";
/** Built-ins newer than ES2016, removed to play an engine that stops at ES2016. */
const ES2016_ONLY = [
  "Object.getOwnPropertyDescriptors",
  "Object.values",
  "Object.entries",
  "Object.fromEntries",
  "String.prototype.padStart",
  "String.prototype.padEnd",
  "String.prototype.trimStart",
  "String.prototype.trimEnd",
  "String.prototype.matchAll",
  "String.prototype.replaceAll",
  "String.prototype.at",
  "Array.prototype.flat",
  "Array.prototype.flatMap",
  "Array.prototype.at",
  "Array.prototype.findLast",
  "Promise.prototype.finally",
  "Promise.allSettled",
  "Promise.any",
]
  .map((path) => `delete ${path};`)
  .join("\n");
/** "within 2 s of any failure" */
const FAILURE_DEADLINE_MS = 2000;

type ApiMode = "up" | "slow" | "error";
interface ApiHit {
  url: string;
  status: number;
  ifNoneMatch: string | null;
}

interface Signature {
  html: string;
  text: string;
  etag: string;
  agentId: string;
}

describe("the event runtime in a JavaScript-only runtime", () => {
  let t: TestApp;
  let user: SandboxUser;
  let address: string;
  let token: string;
  let apiBase: string;
  let deadBase: string;
  let close: () => Promise<void>;
  let outDir: string;
  const bundles = { withAuth: "", withoutAuth: "" };
  const api: { mode: ApiMode; slowMs: number; hits: ApiHit[] } = {
    mode: "up",
    slowMs: 2500,
    hits: [],
  };
  let clientConfig: { clientId: string; apiScope: string; authority: string };

  beforeAll(async () => {
    t = await createTestApp("pglite", { sync: true });
    user = t.sandbox.directory.users.find((u) => u.id === SANDBOX_KEY_PEOPLE.commsHead.id)!;
    address = (user.mail ?? user.userPrincipalName).toLowerCase();
    token = await t.tokenFor(user.userPrincipalName);
    await t.database.db.insert(agents).values({
      id: SHARED.id,
      displayName: SHARED.name,
      mail: SHARED.address,
      userPrincipalName: "accueil@villedumbea.onmicrosoft.com",
      department: "Accueil",
      accountEnabled: false,
      syncedAt: new Date(),
    });
    const cc = t.runtime.clientConfig as typeof clientConfig;
    clientConfig = { clientId: cc.clientId, apiScope: cc.apiScope, authority: cc.authority };

    const server = serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: async (request: Request) => {
        const hit: ApiHit = {
          url: request.url,
          status: 0,
          ifNoneMatch: request.headers.get("if-none-match"),
        };
        api.hits.push(hit);
        if (api.mode === "error") {
          hit.status = 500;
          return Response.json(
            { error: { code: "internal", message: "Erreur interne", requestId: "req-test" } },
            { status: 500 },
          );
        }
        if (api.mode === "slow") await sleep(api.slowMs);
        const response = await t.app.fetch(request);
        hit.status = response.status;
        return response;
      },
    });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    deadBase = `http://127.0.0.1:${await freePort()}`;

    outDir = await mkdtemp(join(tmpdir(), "relais-launchevent-"));
    const withAuth = await buildRuntime({ outDir: join(outDir, "with"), withAuth: true });
    const withoutAuth = await buildRuntime({ outDir: join(outDir, "without"), withAuth: false });
    bundles.withAuth = await readFile(withAuth.file, "utf8");
    bundles.withoutAuth = await readFile(withoutAuth.file, "utf8");
  });

  afterAll(async () => {
    await close?.();
    await t?.database.db.delete(agents).where(eq(agents.id, SHARED.id));
    await t?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    api.mode = "up";
    api.hits.length = 0;
  });

  const expected = async (variant: string, mailbox = address): Promise<Signature> => {
    const response = await t.app.request(
      `/api/signatures/me?variant=${variant}&mailbox=${encodeURIComponent(mailbox)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    return response.json();
  };

  const newMailbox = (options: Partial<FakeMailboxOptions> = {}) =>
    new FakeMailbox({ userAddress: address, ...options });

  /** The shipped script in a fresh context: a new runtime, as Outlook starts for an event. */
  const openRuntime = (
    mailbox: FakeMailbox,
    options: {
      apiBase?: string;
      naa?: NaaBehaviour | "absent";
      bundle?: "withAuth" | "withoutAuth";
      /** The browser APIs MSAL needs (window, crypto, TextDecoder, atob, URL). */
      msalGlobals?: boolean;
      config?: boolean;
      es2016BuiltInsOnly?: boolean;
      /** More globals, or globals taken away (`undefined`). */
      globals?: Record<string, unknown>;
    } = {},
  ) => {
    const bridge = createNaaBridgeHost({
      account: {
        tenantId: t.sandbox.tenant.tenantId,
        userId: user.id,
        username: user.userPrincipalName,
        name: user.displayName,
      },
      behaviour: options.naa === "absent" ? "grant" : (options.naa ?? "grant"),
      mintAccessToken: async () => {
        const minted = await t.sandbox.issuer.mintUserToken(user);
        return { accessToken: minted.access_token, expiresIn: minted.expires_in };
      },
    });
    const msal = options.msalGlobals ?? true;
    const bundle = bundles[options.bundle ?? "withAuth"];
    // What the API serves at /addin/launchevent.js: its configuration statement, put in by its code.
    const script =
      options.config === false
        ? bundle
        : withRuntimeConfig(
            bundle,
            runtimeConfigStatement({
              publicUrl: options.apiBase ?? apiBase,
              clientConfig: t.runtime.clientConfig,
            }),
          );
    const runtime = loadJsRuntime({
      mailbox,
      script,
      globals: {
        [NAA_BRIDGE_HOST_FUNCTION]: bridge.handle,
        ...(msal ? { crypto: webcrypto, TextEncoder, TextDecoder, atob, URL } : {}),
        ...options.globals,
      },
      prelude: [
        ...(options.es2016BuiltInsOnly ? [ES2016_ONLY] : []),
        ...(msal ? ["globalThis.window = globalThis;"] : []),
        ...(options.naa === "absent"
          ? []
          : [`(${installFakeNaaBridge})(${JSON.stringify(NAA_BRIDGE_HOST_FUNCTION)});`]),
      ],
      watched: ["document", "localStorage", "sessionStorage", "indexedDB"],
    });
    return { runtime, bridge };
  };

  /** Seeds the cache as an earlier session left it (through the runtime's own cache code). */
  const seedCache = (
    mailbox: FakeMailbox,
    entries: { key: string; signature: { etag: string; html: string; text: string }; at: number }[],
  ) => {
    const cache = createSignatureCache({
      get: (key) => mailbox.live[key],
      set: (key, value) => {
        mailbox.live[key] = value;
      },
      remove: (key) => {
        delete mailbox.live[key];
      },
      save: async () => undefined,
    });
    for (const entry of entries) cache.put(entry.key, entry.signature, entry.at);
    mailbox.saved = structuredClone(mailbox.live);
  };

  /** Lets any late work of the runtime happen before asserting nothing else happened. */
  const settle = (ms = 100) => sleep(ms);

  describe("compose forms", () => {
    it("new mail: inserts the agent's new-message signature once, as HTML, and turns Outlook's own off", async () => {
      const mailbox = newMailbox();
      const { runtime, bridge } = openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message", composeType: "newMail" });
      const fired = await mailbox.fire(NEW);
      await settle();

      const signature = await expected("new");
      expect(item.insertions).toHaveLength(1);
      expect(item.insertions[0]).toMatchObject({
        via: "setSignatureAsync",
        coercionType: "html",
        content: signature.html,
      });
      expect(signature.html).toContain(user.displayName);
      expect(item.occurrences(signature.html)).toBe(1);
      expect(item.clientSignatureDisabled).toBe(true);
      expect(item.notices.size).toBe(0);
      expect(fired.completedCalls).toBe(1);
      expect(bridge.tokenRequests[0]).toMatchObject({
        method: "GetToken",
        scope: clientConfig.apiScope,
      });
      expect(api.hits.map((hit) => new URL(hit.url).searchParams.get("variant"))).toEqual(["new"]);
      expect(new URL(api.hits[0]!.url).searchParams.get("mailbox")).toBe(address);
      // Remembered for next time, within the budget.
      expect(mailbox.saves).toBe(1);
      expect(utf8Length(JSON.stringify(mailbox.saved[CACHE_SETTING]))).toBeLessThan(
        CACHE_BUDGET_BYTES,
      );
      // MSAL looks for sessionStorage (its log level, under try/catch); nothing else is touched.
      expect(runtime.touched.filter((name) => name !== "sessionStorage")).toEqual([]);
      expect(
        runtime.logs.filter((log) => log.text.startsWith("Relais") && log.level === "error"),
      ).toEqual([]);
    });

    it("reply and forward get the short reply variant", async () => {
      const reply = await expected("reply");
      expect(reply.html).not.toBe((await expected("new")).html);
      for (const composeType of ["reply", "forward"] as const) {
        const mailbox = newMailbox();
        openRuntime(mailbox);
        const item = mailbox.compose({
          kind: "message",
          composeType,
          body: "<p>Message cité</p>",
        });
        const fired = await mailbox.fire(NEW);
        await settle();
        expect(item.insertions.map((insertion) => insertion.content)).toEqual([reply.html]);
        expect(item.renderedBody()).toBe(`<p>Message cité</p>${reply.html}`);
        expect(fired.completedCalls).toBe(1);
      }
      expect(api.hits.map((hit) => new URL(hit.url).searchParams.get("variant"))).toEqual([
        "reply",
        "reply",
      ]);
    });

    it("meeting on the web: written into the body in a marked block, never twice", async () => {
      const meeting = await expected("meeting");
      const mailbox = newMailbox({ platform: "OfficeOnline" });
      openRuntime(mailbox);
      // Outlook on the web rewrites ids it is given: the marker must still be found.
      const item = mailbox.compose({
        kind: "appointment",
        body: "<p>Ordre du jour</p>",
        rewriteIds: true,
      });
      expect(item.body.setSignatureAsync).toBeUndefined();
      const first = await mailbox.fire(MEETING);
      const [second, third] = await Promise.all([mailbox.fire(MEETING), mailbox.fire(MEETING)]);
      await settle();

      const body = item.renderedBody();
      expect(body.startsWith("<p>Ordre du jour</p>")).toBe(true);
      expect(body.split(SIGNATURE_MARKER).length - 1).toBe(1);
      expect(body.split(meeting.html).length - 1).toBe(1);
      expect(item.insertions.every((insertion) => insertion.via === "body.setAsync")).toBe(true);
      expect([first, second, third].map((fired) => fired.completedCalls)).toEqual([1, 1, 1]);
      expect(
        api.hits.every((hit) => new URL(hit.url).searchParams.get("variant") === "meeting"),
      ).toBe(true);
    });

    it("meeting on the web in plain text: one block after the separator, replaced when newer", async () => {
      const meeting = await expected("meeting");
      const mailbox = newMailbox({ platform: "OfficeOnline" });
      const stale = { etag: '"stale"', html: "<p>Ancienne</p>", text: "Ancienne signature" };
      seedCache(mailbox, [{ key: cacheKey("meeting", address), signature: stale, at: Date.now() }]);
      openRuntime(mailbox);
      const item = mailbox.compose({
        kind: "appointment",
        bodyType: "text",
        body: "Ordre du jour",
      });
      await mailbox.fire(MEETING);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([
        "Ordre du jour\n\n-- \nAncienne signature",
        `Ordre du jour\n\n-- \n${meeting.text}`,
      ]);
      // Fired again, by a new runtime that knows nothing of the first: still one block.
      openRuntime(mailbox);
      const fired = await mailbox.fire(MEETING);
      await settle();
      expect(item.renderedBody()).toBe(`Ordre du jour\n\n-- \n${meeting.text}`);
      expect(fired.completedCalls).toBe(1);
    });

    it("meeting in classic Outlook: setSignatureAsync with the meeting variant", async () => {
      const meeting = await expected("meeting");
      const mailbox = newMailbox({ platform: "PC" });
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "appointment" });
      const fired = await mailbox.fire(MEETING);
      await settle();
      expect(item.insertions).toEqual([
        expect.objectContaining({ via: "setSignatureAsync", content: meeting.html }),
      ]);
      expect(fired.completedCalls).toBe(1);
    });

    it("From changed to a shared mailbox: that mailbox's signature replaces the agent's", async () => {
      const own = await expected("new");
      const shared = await expected("new", SHARED.address);
      expect(shared.agentId).toBe(SHARED.id);
      expect(shared.html).toContain(SHARED.name);

      const mailbox = newMailbox();
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message", composeType: "newMail" });
      await mailbox.fire(NEW);
      expect(item.signature?.content).toBe(own.html);

      item.fromAddress = "Accueil@Ville-Dumbea.nc";
      const fired = await mailbox.fire(FROM_CHANGED);
      await settle();
      expect(item.signature?.content).toBe(shared.html);
      expect(item.occurrences(shared.html)).toBe(1);
      expect(item.occurrences(own.html)).toBe(0);
      expect(fired.completedCalls).toBe(1);
      expect(new URL(api.hits.at(-1)!.url).searchParams.get("mailbox")).toBe(SHARED.address);

      // Back to the agent's own address: the cached signature, at once.
      item.fromAddress = address;
      await mailbox.fire(FROM_CHANGED);
      await settle();
      expect(item.signature?.content).toBe(own.html);
      expect(api.hits.at(-1)?.status).toBe(304);
    });

    it("plain-text body: the API's plain text goes in, as text", async () => {
      const signature = await expected("new");
      const mailbox = newMailbox();
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message", bodyType: "text", body: "Bonjour," });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions).toEqual([
        expect.objectContaining({ coercionType: "text", content: signature.text }),
      ]);
      expect(signature.text).not.toMatch(/<(table|p|a|span|img)\b/);
      expect(item.renderedBody()).toBe(`Bonjour,\n\n${signature.text}`);
      expect(fired.completedCalls).toBe(1);
    });
  });

  describe("cache", () => {
    it("warm: the cached signature goes in before the API answers; 304 changes nothing", async () => {
      const signature = await expected("new");
      const mailbox = newMailbox();
      openRuntime(mailbox);
      mailbox.compose({ kind: "message" });
      await mailbox.fire(NEW);
      await settle();
      const savesBefore = mailbox.saves;
      api.hits.length = 0;

      api.mode = "slow";
      api.slowMs = 300;
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions).toHaveLength(1);
      expect(item.insertions[0]!.content).toBe(signature.html);
      expect(item.insertions[0]!.at).toBeLessThan(api.slowMs);
      expect(api.hits).toEqual([
        expect.objectContaining({ status: 304, ifNoneMatch: signature.etag }),
      ]);
      expect(mailbox.saves).toBe(savesBefore);
      expect(item.notices.size).toBe(0);
      expect(fired.completedCalls).toBe(1);
    });

    it("a newer version on the server replaces the cached one, and is cached", async () => {
      const signature = await expected("new");
      const mailbox = newMailbox();
      const stale = {
        etag: '"stale"',
        html: "<p>Ancienne signature</p>",
        text: "Ancienne signature",
      };
      seedCache(mailbox, [{ key: cacheKey("new", address), signature: stale, at: Date.now() }]);
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([
        stale.html,
        signature.html,
      ]);
      expect(item.renderedBody()).toBe(signature.html);
      expect(api.hits[0]).toMatchObject({ status: 200, ifNoneMatch: stale.etag });
      expect(JSON.stringify(mailbox.saved[CACHE_SETTING])).toContain(
        JSON.stringify(signature.etag).slice(1, -1),
      );
      expect(fired.completedCalls).toBe(1);
    });

    it("keeps the roaming settings under 32 KB: oldest signatures go first", async () => {
      const mailbox = newMailbox();
      // The task pane's own settings take room too.
      mailbox.live.relaisPane = { note: "x".repeat(6000) };
      const filler = (n: number) => ({
        etag: `"old-${n}"`,
        html: `<p>${"é".repeat(1800)}</p>`,
        text: "é".repeat(900),
      });
      const day = 24 * 60 * 60 * 1000;
      seedCache(
        mailbox,
        Array.from({ length: 8 }, (_, n) => ({
          key: cacheKey("new", `boite-${n}@ville-dumbea.nc`),
          signature: filler(n),
          at: Date.now() - (10 - n) * day,
        })),
      );
      expect(utf8Length(JSON.stringify(mailbox.live[CACHE_SETTING]))).toBeLessThanOrEqual(
        CACHE_BUDGET_BYTES,
      );
      const seeded = Object.keys((mailbox.live[CACHE_SETTING] as { e: object }).e);
      expect(seeded.length).toBeLessThan(8);

      openRuntime(mailbox);
      for (const composeType of ["newMail", "reply"] as const) {
        const item = mailbox.compose({ kind: "message", composeType });
        await mailbox.fire(NEW);
        expect(item.insertions).toHaveLength(1);
      }
      await settle();
      const stored = mailbox.saved[CACHE_SETTING] as { e: Record<string, unknown> };
      const keys = Object.keys(stored.e);
      expect(keys).toContain(cacheKey("new", address));
      expect(keys).toContain(cacheKey("reply", address));
      // The least recently used went; the most recent filler stayed.
      expect(keys).not.toContain(seeded[0]);
      expect(keys).toContain(seeded.at(-1));
      expect(utf8Length(JSON.stringify(stored))).toBeLessThanOrEqual(CACHE_BUDGET_BYTES);
      expect(mailbox.settingsBytes(mailbox.saved)).toBeLessThanOrEqual(
        ROAMING_SETTINGS_LIMIT_BYTES,
      );
      expect(mailbox.saved.relaisPane).toEqual({ note: "x".repeat(6000) });
      expect(mailbox.refusedSets).toBe(0);
    });

    it("gives way when other settings fill the 32 KB: the signature still goes in", async () => {
      const mailbox = newMailbox();
      mailbox.live.relaisPane = { note: "x".repeat(29_000) };
      mailbox.saved = structuredClone(mailbox.live);
      const { runtime } = openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions).toHaveLength(1);
      expect(fired.completedCalls).toBe(1);
      expect(mailbox.settingsBytes(mailbox.saved)).toBeLessThanOrEqual(
        ROAMING_SETTINGS_LIMIT_BYTES,
      );
      expect(mailbox.saved.relaisPane).toEqual({ note: "x".repeat(29_000) });
      expect(runtime.logs.some((log) => log.text.includes("roaming settings full"))).toBe(true);
    });
  });

  describe("when things go wrong", () => {
    /** A mailbox whose cache holds the current new-message signature, and a fresh runtime. */
    const warmMailbox = async () => {
      const signature = await expected("new");
      const mailbox = newMailbox();
      seedCache(mailbox, [{ key: cacheKey("new", address), signature, at: Date.now() }]);
      return { mailbox, signature };
    };

    const expectNotice = (mailbox: FakeMailbox, text: RegExp) => {
      const notices = [...(mailbox.item?.notices.values() ?? [])];
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        key: "relaisSignature",
        type: "informationalMessage",
        persistent: false,
      });
      expect(notices[0]!.message).toMatch(text);
      expect(notices[0]!.message.length).toBeLessThanOrEqual(150);
    };

    it("API down: the cached signature, an info bar, completed within 2 s", async () => {
      const { mailbox, signature } = await warmMailbox();
      openRuntime(mailbox, { apiBase: deadBase });
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expectNotice(mailbox, /^Signature Relais : service injoignable, dernière signature connue/);
      expect(fired.completedCalls).toBe(1);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
    });

    it("API slow: gives up after its budget, keeps the cached signature, completes within 2 s", async () => {
      const { mailbox, signature } = await warmMailbox();
      api.mode = "slow";
      api.slowMs = 3000;
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
      expect(fired.completedAfterMs).toBeGreaterThan(1000);
      expectNotice(mailbox, /service injoignable/);
      // Whatever the server says later, nothing more happens to the item.
      await sleep(api.slowMs - (fired.completedAfterMs ?? 0) + 300);
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expect(fired.completedCalls).toBe(1);
    });

    it("API 500: the cached signature and an info bar", async () => {
      const { mailbox, signature } = await warmMailbox();
      api.mode = "error";
      const { runtime } = openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expectNotice(mailbox, /service injoignable, dernière signature connue insérée/);
      expect(fired.completedCalls).toBe(1);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
      expect(
        runtime.logs.some((log) => log.text.includes("HTTP 500 internal (request req-test)")),
      ).toBe(true);
    });

    it("no token without the agent: the cached signature and an invitation to sign in", async () => {
      const { mailbox, signature } = await warmMailbox();
      const { bridge } = openRuntime(mailbox, { naa: "interaction-required" });
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expectNotice(mailbox, /^Signature Relais : ouvrez le volet Relais pour vous connecter\.$/);
      expect(bridge.calls).not.toContain("GetTokenPopup");
      expect(api.hits).toEqual([]);
      expect(fired.completedCalls).toBe(1);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
    });

    it("a token that never comes: bounded like the API, completed within 2 s", async () => {
      const { mailbox, signature } = await warmMailbox();
      openRuntime(mailbox, { naa: "silent-hang" });
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expect(item.notices.size).toBe(1);
      expect(fired.completedCalls).toBe(1);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
    });

    it("empty cache and API down: nothing inserted (never a broken signature), an info bar", async () => {
      const mailbox = newMailbox();
      openRuntime(mailbox, { apiBase: deadBase });
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions).toEqual([]);
      expect(item.renderedBody()).toBe("");
      expect(item.clientSignatureDisabled).toBe(false);
      expectNotice(mailbox, /service injoignable, aucune signature insérée/);
      expect(fired.completedCalls).toBe(1);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
    });

    it("no configuration prepended: an info bar, completed, nothing inserted", async () => {
      const mailbox = newMailbox();
      openRuntime(mailbox, { config: false });
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions).toEqual([]);
      expectNotice(mailbox, /complément mal installé/);
      expect(fired.completedCalls).toBe(1);
    });

    it("English Outlook gets the bar in English", async () => {
      const mailbox = newMailbox({ displayLanguage: "en-US" });
      openRuntime(mailbox, { apiBase: deadBase });
      mailbox.compose({ kind: "message" });
      await mailbox.fire(NEW);
      expectNotice(mailbox, /^Relais signature: service unreachable/);
    });

    it("the event fired twice at once: one signature, each event completed once", async () => {
      const signature = await expected("new");
      const mailbox = newMailbox();
      openRuntime(mailbox);
      const item = mailbox.compose({ kind: "message", body: "<p>Bonjour</p>" });
      const events = await Promise.all([mailbox.fire(NEW), mailbox.fire(NEW)]);
      await settle();
      expect(item.renderedBody()).toBe(`<p>Bonjour</p>${signature.html}`);
      expect(item.occurrences(signature.html)).toBe(1);
      expect(events.map((fired) => fired.completedCalls)).toEqual([1, 1]);
      // And once more, later, from the cache.
      const again = await mailbox.fire(NEW);
      await settle();
      expect(item.occurrences(signature.html)).toBe(1);
      expect(again.completedCalls).toBe(1);
    });
  });

  describe("HTTP without XMLHttpRequest", () => {
    it("uses fetch, with the same deadline", async () => {
      const signature = await expected("new");
      const mailbox = newMailbox();
      const fetched: string[] = [];
      const { runtime } = openRuntime(mailbox, {
        globals: {
          XMLHttpRequest: undefined,
          fetch: (url: string, init?: RequestInit) => {
            fetched.push(url);
            return fetch(url, init);
          },
        },
      });
      const item = mailbox.compose({ kind: "message" });
      await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expect(fetched).toHaveLength(1);
      expect(runtime.requests).toEqual([]);

      api.mode = "slow";
      api.slowMs = 2500;
      openRuntime(mailbox, {
        globals: { XMLHttpRequest: undefined, fetch, AbortController },
      });
      mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      expect(fired.completedAfterMs).toBeLessThan(FAILURE_DEADLINE_MS);
      expect(mailbox.item?.insertions).toHaveLength(1);
      expect([...(mailbox.item?.notices.values() ?? [])][0]?.message).toMatch(/injoignable/);
    });
  });

  describe("tokens without MSAL", () => {
    it("built without MSAL, the token comes from Office SSO", async () => {
      const signature = await expected("new");
      const mailbox = newMailbox({ officeSso: () => t.tokenFor(user.userPrincipalName) });
      const { runtime } = openRuntime(mailbox, {
        bundle: "withoutAuth",
        naa: "absent",
        msalGlobals: false,
      });
      const item = mailbox.compose({ kind: "message" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expect(mailbox.officeSsoCalls).toEqual([
        { allowSignInPrompt: false, allowConsentPrompt: false },
      ]);
      expect(fired.completedCalls).toBe(1);
      expect(runtime.touched).toEqual([]);
    });

    it("in an engine with ES2016 built-ins only, both builds still sign (MSAL gives way to Office SSO)", async () => {
      const signature = await expected("new");
      for (const bundle of ["withoutAuth", "withAuth"] as const) {
        const mailbox = newMailbox({ officeSso: () => t.tokenFor(user.userPrincipalName) });
        const { runtime } = openRuntime(mailbox, { bundle, es2016BuiltInsOnly: true });
        expect(vm.runInContext("typeof Object.entries", runtime.context)).toBe("undefined");
        const item = mailbox.compose({ kind: "message" });
        const fired = await mailbox.fire(NEW);
        await settle();
        // MSAL needs newer built-ins (Object.entries, Promise.prototype.finally…).
        expect(mailbox.officeSsoCalls).toHaveLength(1);
        if (bundle === "withAuth") {
          expect(
            runtime.logs.some((log) => log.text.startsWith("Relais: MSAL could not start")),
          ).toBe(true);
        }
        expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
        expect(fired.completedCalls).toBe(1);
      }
    });

    it("where MSAL cannot start (no bridge, no browser APIs), falls back to Office SSO", async () => {
      const signature = await expected("reply");
      const mailbox = newMailbox({ officeSso: () => t.tokenFor(user.userPrincipalName) });
      const { runtime } = openRuntime(mailbox, { naa: "absent", msalGlobals: false });
      const item = mailbox.compose({ kind: "message", composeType: "reply" });
      const fired = await mailbox.fire(NEW);
      await settle();
      expect(item.insertions.map((insertion) => insertion.content)).toEqual([signature.html]);
      expect(mailbox.officeSsoCalls).toHaveLength(1);
      expect(fired.completedCalls).toBe(1);
      expect(runtime.touched).toEqual([]);
    });
  });
});
