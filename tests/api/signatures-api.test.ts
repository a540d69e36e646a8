import { hash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agents,
  assets,
  bannerCampaigns,
  bannerDailyStats,
  directoryGroupMembers,
  directoryGroups,
  signatureRules,
  signatureTemplates,
} from "../../api/src/db/schema";
import { listAuditRows } from "../../api/src/modules/audit";
import { checkEmailSafety } from "../../api/src/modules/signatures/email-safety";
import { SANDBOX_KEY_PEOPLE } from "../../api/src/sandbox/directory";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

const people = SANDBOX_KEY_PEOPLE;

describe.each(dbKinds)("signatures API on %s", (kind) => {
  let t: TestApp;
  const tokens = { helene: "", soane: "", approver: "", agent: "" };
  const templateIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind, { sync: true });
    tokens.helene = await t.tokenFor(people.commsHead.userPrincipalName);
    tokens.soane = await t.tokenFor(people.digitalCommsAssistant.userPrincipalName);
    tokens.approver = await t.tokenFor(people.chiefOfStaff.userPrincipalName);
    tokens.agent = await t.tokenFor(people.directorGeneral.userPrincipalName);
    for (const row of await t.database.db.select().from(signatureTemplates)) {
      if (row.builtinKey) templateIds[row.builtinKey] = row.id;
    }
  });
  afterAll(() => t.close());

  const call = (
    path: string,
    options: {
      as?: keyof typeof tokens | null;
      method?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const as = options.as === undefined ? "helene" : options.as;
    return t.app.request(path, {
      method: options.method ?? "GET",
      headers: {
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  };
  const preview = async (agentId: string, query = "") => {
    const response = await call(`/api/signatures/preview?agentId=${agentId}${query}`);
    expect(response.status).toBe(200);
    return response.json();
  };

  describe("a new installation", () => {
    it("ships the Dumbéa templates, published, the first one given to everybody", async () => {
      expect(Object.keys(templateIds).sort()).toEqual(["evenementiel", "institutionnel", "sobre"]);
      const response = await call("/api/signatures/me");
      expect(response.status).toBe(200);
      const signature = await response.json();
      expect(signature).toMatchObject({
        agentId: people.commsHead.id,
        variant: "new",
        language: "fr",
        template: { id: templateIds.institutionnel, name: "Institutionnel", number: 1 },
        rule: null,
        banner: null,
      });
      expect(signature.reason.fr).not.toBe("");
      expect(signature.html).toContain("Hélène Wamytan");
      // The ETag names the version and the HTML (in UTF-8), so the add-in's cached copies stay
      // valid across releases that render the same thing; `bytes` is that HTML's UTF-8 size.
      const digest = hash(
        "sha256",
        `${signature.template.versionId}\0${signature.html}`,
        "base64url",
      );
      expect(signature.etag).toBe(`"${digest.slice(0, 27)}"`);
      expect(signature.bytes).toBe(Buffer.byteLength(signature.html, "utf8"));
      expect(signature.text).toContain("Hélène Wamytan");
      expect(response.headers.get("etag")).toBe(signature.etag);
    });

    it("renders every variant within Outlook's limit and the 8 KB target, email-safe", async () => {
      const sizes: number[] = [];
      for (const variant of ["new", "reply", "meeting"]) {
        const response = await call(`/api/signatures/me?variant=${variant}`);
        const signature = await response.json();
        expect(signature.variant).toBe(variant);
        expect(signature.characters).toBeLessThanOrEqual(30_000);
        expect(signature.bytes).toBeLessThanOrEqual(8192);
        const report = checkEmailSafety(signature.html);
        expect(report.issues.filter((issue) => issue.severity === "error")).toEqual([]);
        sizes.push(signature.characters);
      }
      const [newMail, reply] = sizes as [number, number];
      expect(reply).toBeLessThan(newMail);
    });

    it("answers 304 to the ETag it gave, until something changes", async () => {
      const first = await call("/api/signatures/me");
      const etag = first.headers.get("etag") ?? "";
      expect(first.headers.get("cache-control")).toBe("private, no-cache");
      expect(first.headers.get("content-type")).toBe("application/json");
      expect(first.headers.get("vary")).toBe("Origin, Authorization, Accept-Encoding");
      expect(first.headers.get("content-encoding")).toBeNull();
      expect(first.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      const again = await call("/api/signatures/me", { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("vary")).toBe("Origin, Authorization, Accept-Encoding");
      const reply = await call("/api/signatures/me?variant=reply", {
        headers: { "if-none-match": etag },
      });
      expect(reply.status).toBe(200);
    });

    it("refuses anonymous callers and unknown variants", async () => {
      expect((await call("/api/signatures/me", { as: null })).status).toBe(401);
      const bad = await call("/api/signatures/me?variant=fax");
      expect(bad.status).toBe(422);
      expect((await bad.json()).error.code).toBe("validation_failed");
    });
  });

  describe("directory values", () => {
    it("render inert, whatever Entra holds", async () => {
      const id = people.commsOfficer.id;
      const hostile = {
        displayName: '"><img src=x onerror=alert(1)> {{brand.name}} \u202Egnp.exe',
        jobTitle: `<script>alert(1)</script>${"é".repeat(500)}`,
        department: "Communication 👩🏽‍💼",
      };
      await t.database.db.update(agents).set(hostile).where(eq(agents.id, id));
      const signature = await preview(id);
      expect(signature.html).not.toMatch(/<script/i);
      expect(signature.html).not.toMatch(/<img[^>]+onerror/i);
      expect(signature.html).toContain("&lt;script&gt;");
      expect(signature.html).toContain("{{brand.name}}");
      expect(signature.html).not.toContain("\u202E");
      expect(signature.html).toContain("👩🏽‍💼");
      expect(signature.characters).toBeLessThanOrEqual(30_000);
    });

    it("leave no dangling label when a field is empty, and follow the agent's language", async () => {
      const id = people.directorGeneral.id;
      await t.database.db
        .update(agents)
        .set({ mobilePhone: null, preferredLanguage: "en-US" })
        .where(eq(agents.id, id));
      const signature = await preview(id);
      expect(signature.language).toBe("en");
      expect(signature.html).not.toMatch(/Mob(\.|ile)/);
      await t.database.db
        .update(agents)
        .set({ mobilePhone: "+687 77 12 34", preferredLanguage: "fr-FR" })
        .where(eq(agents.id, id));
      const french = await preview(id);
      expect(french.language).toBe("fr");
      expect(french.html).toContain("Mob.");
      expect(french.html).toContain("tel:+687771234");
    });
  });

  describe("the From account", () => {
    it("gives a shared mailbox its own signature, a known address its owner's, else the sender's", async () => {
      await t.database.db.insert(agents).values({
        id: "shared-mailbox-accueil",
        displayName: "Accueil de la mairie",
        mail: "Accueil@ville-dumbea.nc",
        userPrincipalName: "accueil@villedumbea.onmicrosoft.com",
        department: "Accueil",
        accountEnabled: false,
        syncedAt: new Date(),
      });
      const as = async (mailbox: string) => {
        const response = await call(
          `/api/signatures/me?variant=new&mailbox=${encodeURIComponent(mailbox)}`,
          { as: "agent" },
        );
        expect(response.status).toBe(200);
        return response.json();
      };

      const shared = await as("accueil@VILLE-dumbea.nc");
      expect(shared).toMatchObject({ agentId: "shared-mailbox-accueil", mailbox: "mailbox" });
      expect(shared.html).toContain("Accueil de la mairie");

      const own = await as(people.directorGeneral.userPrincipalName);
      expect(own).toMatchObject({ agentId: people.directorGeneral.id, mailbox: "self" });

      const delegated = await as(people.mayor.userPrincipalName);
      expect(delegated).toMatchObject({ agentId: people.mayor.id, mailbox: "mailbox" });

      const unknown = await as("quelquun@ailleurs.example");
      expect(unknown).toMatchObject({ agentId: people.directorGeneral.id, mailbox: "unknown" });
      expect(unknown.etag).toBe(own.etag);

      // Whatever Outlook reports as the sender, the agent keeps a signature.
      const odd = await as("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients");
      expect(odd).toMatchObject({ agentId: people.directorGeneral.id, mailbox: "unknown" });
      const tooLong = await call(`/api/signatures/me?mailbox=${"a".repeat(321)}`, { as: "agent" });
      expect(tooLong.status).toBe(422);
      await t.database.db.delete(agents).where(eq(agents.id, "shared-mailbox-accueil"));
    });
  });

  describe("preview", () => {
    it("is for Editors and Approvers only", async () => {
      const path = `/api/signatures/preview?agentId=${people.commsHead.id}`;
      expect((await call(path, { as: "agent" })).status).toBe(403);
      expect((await call(path, { as: "approver" })).status).toBe(200);
      expect((await call(path, { as: null })).status).toBe(401);
      const unknown = await call("/api/signatures/preview?agentId=nobody");
      expect(unknown.status).toBe(404);
    });
  });

  describe("rules", () => {
    it("give a service its template and explain why", async () => {
      const created = await call("/api/signatures/rules", {
        method: "POST",
        headers: { "idempotency-key": `rule-${kind}` },
        body: {
          name: "Service communication",
          priority: 10,
          target: { kind: "department", department: "communication" },
          templateId: templateIds.sobre,
        },
      });
      expect(created.status).toBe(201);
      const rule = await created.json();
      const retried = await call("/api/signatures/rules", {
        method: "POST",
        headers: { "idempotency-key": `rule-${kind}` },
        body: {
          name: "Service communication",
          priority: 10,
          target: { kind: "department", department: "communication" },
          templateId: templateIds.sobre,
        },
      });
      expect(retried.status).toBe(201);
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      expect((await t.database.db.select().from(signatureRules)).length).toBe(1);

      const mine = await (await call("/api/signatures/me")).json();
      expect(mine.template.name).toBe("Sobre");
      expect(mine.rule).toEqual({ id: rule.id, name: "Service communication" });
      const explained = await (
        await call(`/api/signatures/rules/explain?agentId=${people.commsHead.id}`)
      ).json();
      expect(explained.rule.id).toBe(rule.id);
      expect(explained.reason.code).toBe("rule");
      expect(explained.considered).toHaveLength(1);
      const other = await (
        await call(`/api/signatures/rules/explain?agentId=${people.mayor.id}`)
      ).json();
      expect(other.reason.code).toBe("default");
      expect(other.templateName).toBe("Institutionnel");

      const stale = await call(`/api/signatures/rules/${rule.id}`, {
        method: "PUT",
        headers: { "if-match": '"rule-stale"' },
        body: {
          ...rule.target,
          name: "x",
          priority: 1,
          target: rule.target,
          templateId: templateIds.sobre,
        },
      });
      expect([409, 422]).toContain(stale.status);
      const updated = await call(`/api/signatures/rules/${rule.id}`, {
        method: "PUT",
        headers: { "if-match": rule.etag },
        body: {
          name: "Service communication",
          priority: 10,
          enabled: false,
          target: rule.target,
          templateId: templateIds.sobre,
        },
      });
      expect(updated.status).toBe(200);
      expect((await (await call("/api/signatures/me")).json()).template.name).toBe(
        "Institutionnel",
      );
      const audit = await listAuditRows(t.database.db, { entity: "signature_rule", limit: 50 });
      expect(audit.map((row) => row.action).sort()).toEqual([
        "signature_rule.created",
        "signature_rule.updated",
      ]);
    });

    it("give an Entra group's members their template, whatever their service", async () => {
      const [group] = await t.database.db.select().from(directoryGroups).limit(1);
      if (!group) throw new Error("the sandbox tenant should have groups");
      await t.database.db
        .insert(directoryGroupMembers)
        .values({ groupId: group.id, agentId: people.directorGeneral.id })
        .onConflictDoNothing();
      const created = await call("/api/signatures/rules", {
        method: "POST",
        body: {
          name: `Groupe ${group.displayName}`,
          priority: 50,
          target: { kind: "group", groupId: group.id },
          templateId: templateIds.evenementiel,
        },
      });
      expect(created.status).toBe(201);
      const rule = await created.json();
      const mine = await (await call("/api/signatures/me", { as: "agent" })).json();
      expect(mine.template.id).toBe(templateIds.evenementiel);
      expect(mine.rule.id).toBe(rule.id);
      const bulk = await (await call("/api/signatures/bulk")).json();
      const inBulk = bulk.items.find(
        (item: { agentId: string }) => item.agentId === people.directorGeneral.id,
      );
      expect(inBulk).toMatchObject({ templateId: templateIds.evenementiel, ruleId: rule.id });
      expect(
        (
          await call(`/api/signatures/rules/${rule.id}`, {
            method: "DELETE",
            headers: { "if-match": rule.etag },
          })
        ).status,
      ).toBe(204);
    });

    it("are written by Editors only, and point at a real template", async () => {
      const body = {
        name: "Élus",
        priority: 1,
        target: { kind: "everyone" },
        templateId: templateIds.sobre,
      };
      expect(
        (await call("/api/signatures/rules", { method: "POST", body, as: "agent" })).status,
      ).toBe(403);
      expect(
        (await call("/api/signatures/rules", { method: "POST", body, as: "approver" })).status,
      ).toBe(403);
      const missing = await call("/api/signatures/rules", {
        method: "POST",
        body: { ...body, templateId: "00000000-0000-4000-8000-000000000000" },
      });
      expect(missing.status).toBe(422);
      const invalid = await call("/api/signatures/rules", {
        method: "POST",
        body: { ...body, target: { kind: "planet", planet: "Mars" } },
      });
      expect(invalid.status).toBe(422);
    });
  });

  describe("brand kit", () => {
    it("is edited with If-Match, checked, audited, and changes every signature", async () => {
      const read = await call("/api/signatures/brand-kit", { as: "soane" });
      expect(read.status).toBe(200);
      const kit = await read.json();
      const { version: _v, updatedAt: _u, etag, ...input } = kit;
      const before = await call("/api/signatures/me");
      const beforeTag = before.headers.get("etag") ?? "";

      const stale = await call("/api/signatures/brand-kit", {
        method: "PUT",
        as: "soane",
        headers: { "if-match": '"brand-999"' },
        body: input,
      });
      expect(stale.status).toBe(409);
      const badColour = await call("/api/signatures/brand-kit", {
        method: "PUT",
        as: "soane",
        headers: { "if-match": etag },
        body: { ...input, primaryColor: "red; background:url(x)" },
      });
      expect(badColour.status).toBe(422);
      const notALogo = await call("/api/signatures/brand-kit", {
        method: "PUT",
        as: "soane",
        headers: { "if-match": etag },
        body: { ...input, logo: { hash: "a".repeat(64), width: 120, height: 40, alt: "Logo" } },
      });
      expect(notALogo.status).toBe(422);
      const httpLink = await call("/api/signatures/brand-kit", {
        method: "PUT",
        as: "soane",
        headers: { "if-match": etag },
        body: { ...input, facebookUrl: "http://facebook.com/x" },
      });
      expect(httpLink.status).toBe(422);
      expect(
        (
          await call("/api/signatures/brand-kit", {
            method: "PUT",
            as: "agent",
            headers: { "if-match": etag },
            body: input,
          })
        ).status,
      ).toBe(403);

      const stored = await call("/api/signatures/brand-kit", {
        method: "PUT",
        as: "soane",
        headers: { "if-match": etag },
        body: { ...input, primaryColor: "#123456" },
      });
      expect(stored.status).toBe(200);
      const after = await call("/api/signatures/me", { headers: { "if-none-match": beforeTag } });
      expect(after.status).toBe(200);
      expect((await after.json()).html).toContain("#123456");
      const audit = await listAuditRows(t.database.db, { entity: "brand_kit", limit: 50 });
      expect(audit).toHaveLength(1);
    });
  });

  describe("banners", () => {
    it("appear in their window, to their audience, are tracked, and never point elsewhere", async () => {
      const hash = "b".repeat(64);
      await t.database.db.insert(assets).values({
        hash,
        kind: "banner",
        contentType: "image/png",
        width: 600,
        height: 120,
        bytes: 10_000,
        name: "noel.png",
        createdAt: new Date(),
      });
      const id = "9c1d2c7e-0000-4000-8000-000000000001";
      await t.database.db.insert(bannerCampaigns).values({
        id,
        name: "Noël à Dumbéa",
        status: "active",
        // 01/12/2026 00:00 → 24/12/2026 23:59 Nouméa time (UTC+11).
        startsAt: new Date("2026-11-30T13:00:00Z"),
        endsAt: new Date("2026-12-24T13:00:00Z"),
        audience: { kind: "targeted", departments: ["Cabinet du Maire"], groupIds: [] },
        placement: "new",
        priority: 1,
        rotation: false,
        imageHash: hash,
        imageWidth: 600,
        imageHeight: 120,
        alt: "Noël à Dumbéa, du 13 au 24 décembre",
        destinationUrl: "https://www.ville-dumbea.nc/noel",
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      const mayor = people.mayor.id;
      const during = await preview(mayor, "&at=2026-11-30T13:00:00Z");
      expect(during.banner).toMatchObject({
        campaignId: id,
        imageUrl: `${PUBLIC_URL}/assets/${hash}.png`,
        clickUrl: `${PUBLIC_URL}/r/${id}`,
      });
      expect(during.html).toContain(`${PUBLIC_URL}/r/${id}`);
      expect(during.html).toContain('alt="Noël à Dumbéa, du 13 au 24 décembre"');
      expect((await preview(mayor, "&at=2026-11-30T12:59:59Z")).banner).toBeNull();
      expect((await preview(mayor, "&at=2026-12-24T12:59:59Z")).banner).not.toBeNull();
      expect((await preview(mayor, "&at=2026-12-24T13:00:00Z")).banner).toBeNull();
      expect((await preview(mayor, "&at=2026-12-10T00:00:00Z&variant=reply")).banner).toBeNull();
      // Not in the audience.
      expect((await preview(people.commsHead.id, "&at=2026-12-10T00:00:00Z")).banner).toBeNull();

      const click = await t.app.request(`/r/${id}?to=https://evil.example`);
      expect(click.status).toBe(302);
      expect(click.headers.get("location")).toBe("https://www.ville-dumbea.nc/noel");
      const stats = await t.database.db
        .select()
        .from(bannerDailyStats)
        .where(eq(bannerDailyStats.campaignId, id));
      expect(stats.reduce((sum, row) => sum + row.clicks, 0)).toBe(1);
    });
  });

  describe("impressions", () => {
    it("count the signatures served with a banner, written in batches", async () => {
      const id = "9c1d2c7e-0000-4000-8000-000000000002";
      const now = t.clock.now();
      await t.database.db.insert(bannerCampaigns).values({
        id,
        name: "Fête de la mandarine",
        status: "active",
        startsAt: new Date(now.getTime() - 3600_000),
        endsAt: null,
        audience: { kind: "everyone" },
        placement: "all",
        priority: 1,
        rotation: false,
        imageHash: "b".repeat(64),
        imageWidth: 600,
        imageHeight: 120,
        alt: "Fête de la mandarine",
        destinationUrl: "https://www.ville-dumbea.nc/mandarine",
        createdAt: now,
        updatedAt: now,
      });
      const first = await (await call("/api/signatures/me")).json();
      expect(first.banner.campaignId).toBe(id);
      await call("/api/signatures/me?variant=reply");
      // The batch is written once it is 5 s old, by the next signature served.
      t.clock.advance(6000);
      await call("/api/signatures/me");
      let impressions = 0;
      for (let attempt = 0; attempt < 50 && impressions < 3; attempt += 1) {
        const rows = await t.database.db
          .select()
          .from(bannerDailyStats)
          .where(eq(bannerDailyStats.campaignId, id));
        impressions = rows.reduce((sum, row) => sum + row.impressions, 0);
        if (impressions < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(impressions).toBe(3);
      await t.database.db.delete(bannerCampaigns).where(eq(bannerCampaigns.id, id));
    });
  });

  describe("who gets what", () => {
    it("lists every active agent with their template, rule and banner", async () => {
      const response = await call("/api/signatures/assignments?q=wamytan&pageSize=10");
      expect(response.status).toBe(200);
      const page = await response.json();
      const helene = page.items.find(
        (row: { agentId: string }) => row.agentId === people.commsHead.id,
      );
      expect(helene).toMatchObject({ templateName: "Institutionnel", ruleId: null });
      const all = await (await call("/api/signatures/assignments?pageSize=500")).json();
      expect(all.total).toBeGreaterThan(300);
      expect((await call("/api/signatures/assignments", { as: "agent" })).status).toBe(403);

      // The listing is kept between requests, and follows a rule created in between.
      const created = await call("/api/signatures/rules", {
        method: "POST",
        body: {
          name: "Hélène",
          priority: 90,
          target: { kind: "agent", agentId: people.commsHead.id },
          templateId: templateIds.evenementiel,
        },
      });
      expect(created.status).toBe(201);
      const rule = await created.json();
      const after = await (
        await call(`/api/signatures/assignments?templateId=${templateIds.evenementiel}`)
      ).json();
      expect(after.items).toEqual([
        expect.objectContaining({ agentId: people.commsHead.id, ruleId: rule.id }),
      ]);
      expect(after.total).toBe(1);
      await call(`/api/signatures/rules/${rule.id}`, {
        method: "DELETE",
        headers: { "if-match": rule.etag },
      });
    });
  });

  describe("exports", () => {
    it("give IT an Exchange transport rule with tokens, no agent data, and a safe script", async () => {
      const response = await call("/api/signatures/exchange-export", { as: "soane" });
      expect(response.status).toBe(200);
      const rule = await response.json();
      expect(rule.templateName).toBe("Institutionnel");
      expect(rule.characters).toBeLessThanOrEqual(5000);
      expect(rule.html).toContain("%%DisplayName%%");
      expect(rule.html).not.toContain("Wamytan");
      expect(rule.powershell).toContain("New-TransportRule");
      expect(rule.powershell).toContain("X-Relais-Signature");
      expect((await call("/api/signatures/exchange-export", { as: "agent" })).status).toBe(403);
    });

    it("render every active agent in one call, for Editors and Approvers", async () => {
      const response = await call("/api/signatures/bulk?variant=reply", { as: "approver" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const bulk = await response.json();
      const active = await t.database.db.select({ id: agents.id }).from(agents);
      expect(bulk.count + bulk.unsigned.length).toBeLessThanOrEqual(active.length);
      expect(bulk.count).toBeGreaterThan(300);
      const helene = bulk.items.find(
        (item: { agentId: string }) => item.agentId === people.commsHead.id,
      );
      const single = await (await call("/api/signatures/me?variant=reply")).json();
      expect(helene.html).toBe(single.html);
      expect(helene.etag).toBe(single.etag);
      expect((await call("/api/signatures/bulk", { as: "agent" })).status).toBe(403);
    });
  });
});
