import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenValidator, remoteJwks } from "../../api/src/auth";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import type { Database } from "../../api/src/db/client";
import {
  agentOverrides,
  agents,
  directoryGroupMembers,
  directoryGroups,
} from "../../api/src/db/schema";
import { listAuditRows } from "../../api/src/modules/audit";
import { directoryRoutes, searchTextOf } from "../../api/src/modules/directory";
import { SANDBOX_KEY_PEOPLE } from "../../api/src/sandbox/directory";
import { createTestApp, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

const SYNCED_AT = new Date("2026-11-20T21:00:00Z");
const ENTRA_PHOTO = "ab".repeat(32);
const CUSTOM_PHOTO = "CD".repeat(32);

// Real sandbox ids where a test signs in as that agent (self-visibility of hidden phones).
const ids = {
  helene: SANDBOX_KEY_PEOPLE.commsHead.id,
  soane: SANDBOX_KEY_PEOPLE.digitalCommsAssistant.id,
  kalia: SANDBOX_KEY_PEOPLE.commsOfficer.id,
  marieClaude: SANDBOX_KEY_PEOPLE.chiefOfStaff.id,
  jerome: SANDBOX_KEY_PEOPLE.directorGeneral.id,
  lan: "0b7f3c52-6a1e-4a43-9a55-2f5a3c9b1e01",
  yannick: "0b7f3c52-6a1e-4a43-9a55-2f5a3c9b1e02",
  emilie: "0b7f3c52-6a1e-4a43-9a55-2f5a3c9b1e03",
  paul: "0b7f3c52-6a1e-4a43-9a55-2f5a3c9b1e04",
  rose: "0b7f3c52-6a1e-4a43-9a55-2f5a3c9b1e05",
  marc: "0b7f3c52-6a1e-4a43-9a55-2f5a3c9b1e06",
};
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

const upn = {
  admin: SANDBOX_KEY_PEOPLE.commsHead.userPrincipalName,
  editor: SANDBOX_KEY_PEOPLE.digitalCommsAssistant.userPrincipalName,
  agent: SANDBOX_KEY_PEOPLE.directorGeneral.userPrincipalName,
};

type AgentInsert = typeof agents.$inferInsert;

function agent(
  id: string,
  givenName: string,
  surname: string,
  more: Partial<AgentInsert> = {},
): AgentInsert {
  const local = `${givenName}.${surname}`
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, "-");
  const row: AgentInsert = {
    id,
    givenName,
    surname,
    displayName: `${givenName} ${surname}`,
    mail: `${local}@ville-dumbea.nc`,
    userPrincipalName: `${local}@ville-dumbea.nc`,
    companyName: "Ville de Dumbéa",
    officeLocation: "Hôtel de ville",
    city: "Dumbéa",
    postalCode: "98835",
    preferredLanguage: "fr-FR",
    userType: "Member",
    syncedAt: SYNCED_AT,
    ...more,
  };
  // Rows go in directly, as the sync would write them: with their folded search text.
  return { ...row, searchText: searchTextOf(row) };
}

/** A small Dumbéa directory: 11 agents, one disabled, one soft-deleted, two groups. */
async function seedDirectory(db: Database) {
  const comms = { department: "Communication", managerId: ids.helene };
  await db.insert(agents).values([
    agent(ids.helene, "Hélène", "Wamytan", {
      jobTitle: "Cheffe du service communication",
      department: "Communication",
      managerId: ids.marieClaude,
      businessPhones: ["+687 41 40 52"],
      mobilePhone: "+687 78 12 45",
      photoHash: ENTRA_PHOTO,
    }),
    agent(ids.soane, "Soane", "Tuifua", {
      ...comms,
      jobTitle: "Assistant communication numérique",
    }),
    agent(ids.kalia, "Kalïa", "Wéa", {
      ...comms,
      jobTitle: "Chargée de communication",
      businessPhones: ["+687 41 40 54"],
      mobilePhone: "+687 84 56 21",
      photoHash: ENTRA_PHOTO,
    }),
    agent(ids.marieClaude, "Marie-Claude", "Gorodey", {
      jobTitle: "Directrice de cabinet",
      department: "Cabinet du Maire",
    }),
    agent(ids.jerome, "Jérôme", "Lefèvre", {
      jobTitle: "Directeur général des services",
      department: "Direction générale des services",
    }),
    agent(ids.lan, "Thị Lan", "Nguyễn", {
      displayName: "Thị Lan Nguyễn",
      jobTitle: "Chargée de mission 100% numérique",
      department: "Systèmes d'information",
      officeLocation: "Centre technique municipal",
      businessPhones: ["+687 41 41 10"],
      mobilePhone: "+687 75 44 18",
    }),
    agent(ids.yannick, "Yannick", "Wamytan", {
      jobTitle: "Agent d'entretien",
      department: "Services techniques",
      officeLocation: "Centre technique municipal",
    }),
    agent(ids.emilie, "Émilie", "Boéné", {
      jobTitle: "Animatrice périscolaire",
      department: "Éducation et jeunesse",
      officeLocation: "Maison de quartier de Koutio",
    }),
    agent(ids.paul, "Paul", "Tein", {
      jobTitle: "Policier municipal",
      department: "Police municipale",
      accountEnabled: false,
    }),
    agent(ids.rose, "Rose", "Kasarhérou", {
      jobTitle: "Animatrice périscolaire",
      department: "Éducation et jeunesse",
      officeLocation: "Maison de quartier de Koutio",
      softDeletedAt: new Date("2026-11-01T00:00:00Z"),
    }),
    agent(ids.marc, "Marc", "Ihage", {
      jobTitle: "Chef de poste",
      department: "Police municipale",
    }),
  ]);
  await db.insert(directoryGroups).values([
    { id: "grp-comms", displayName: "Service communication", syncedAt: SYNCED_AT },
    { id: "grp-all", displayName: "Agents de la ville", syncedAt: SYNCED_AT },
    { id: "grp-elus", displayName: "Élus et cabinet", syncedAt: SYNCED_AT },
  ]);
  await db.insert(directoryGroupMembers).values([
    { groupId: "grp-comms", agentId: ids.helene },
    { groupId: "grp-all", agentId: ids.helene },
    { groupId: "grp-elus", agentId: ids.helene },
    { groupId: "grp-comms", agentId: ids.soane },
  ]);
}

/**
 * Mounts the directory routes on the test app until `app.ts` mounts them itself, with a token
 * validator wired exactly as `createTestApp` wires its own.
 */
function mountDirectory(t: TestApp) {
  if (t.app.routes.some((route) => route.path === "/api/directory/users")) return;
  const validateToken = createTokenValidator({
    ...t.sandbox.trust,
    clock: t.clock,
    jwks: remoteJwks(t.sandbox.trust.jwksUrl, {
      fetch: async (url, init) => t.app.request(url, { method: init.method ?? "GET" }),
    }),
  });
  t.app.route(
    "/",
    directoryRoutes({
      db: t.database.db,
      clock: t.clock,
      ids: randomIds,
      logger: createLogger("silent"),
      validateToken,
    }),
  );
}

describe.each(dbKinds)("directory API on %s", (kind) => {
  let t: TestApp;
  const tokens: Record<keyof typeof upn, string> = { admin: "", editor: "", agent: "" };

  beforeAll(async () => {
    t = await createTestApp(kind);
    mountDirectory(t);
    await seedDirectory(t.database.db);
    for (const who of Object.keys(upn) as (keyof typeof upn)[]) {
      tokens[who] = await t.tokenFor(upn[who]);
    }
  });
  afterAll(() => t.close());

  const call = (
    path: string,
    options: {
      as?: keyof typeof upn | null;
      method?: string;
      body?: unknown;
      ifMatch?: string;
    } = {},
  ) => {
    const headers: Record<string, string> = {};
    const as = options.as === undefined ? "agent" : options.as;
    if (as) headers.authorization = `Bearer ${tokens[as]}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = options.ifMatch;
    return t.app.request(path, {
      method: options.method ?? "GET",
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  };
  const json = async (path: string, options: Parameters<typeof call>[1] = {}) => {
    const response = await call(path, options);
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const names = async (query: string) => {
    const { status, body } = await json(`/api/directory/users?pageSize=200&${query}`);
    expect(status).toBe(200);
    return (body.items as { displayName: string }[]).map((item) => item.displayName);
  };
  const overridePath = (id: string) => `/api/directory/users/${id}/override`;
  const putOverride = async (id: string, body: unknown, as: keyof typeof upn = "editor") => {
    const current = await json(overridePath(id), { as });
    return json(overridePath(id), { as, method: "PUT", body, ifMatch: current.body.etag });
  };
  const resetOverride = async (id: string) => {
    const current = await json(overridePath(id), { as: "editor" });
    return json(overridePath(id), { as: "editor", method: "DELETE", ifMatch: current.body.etag });
  };
  const auditOf = (id: string) =>
    listAuditRows(t.database.db, { entity: "agent_override", entityId: id, limit: 50 });
  /** Audit rows written for the agent while `change` runs, newest first. */
  const auditDuring = async (id: string, change: () => Promise<unknown>) => {
    const before = new Set((await auditOf(id)).map((row) => row.id));
    await change();
    return (await auditOf(id)).filter((row) => !before.has(row.id));
  };

  describe("listing", () => {
    it("sorts by surname then display name, French letters with their base letter", async () => {
      expect(await names("")).toEqual([
        "Émilie Boéné",
        "Marie-Claude Gorodey",
        "Marc Ihage",
        "Rose Kasarhérou",
        "Jérôme Lefèvre",
        "Thị Lan Nguyễn",
        "Paul Tein",
        "Soane Tuifua",
        "Hélène Wamytan",
        "Yannick Wamytan",
        "Kalïa Wéa",
      ]);
    });

    it("pages through every agent once, with the total on each page", async () => {
      const all = await names("");
      const seen: string[] = [];
      for (let page = 1; page <= 3; page += 1) {
        const { body } = await json(`/api/directory/users?page=${page}&pageSize=4`);
        expect(body).toMatchObject({ page, pageSize: 4, total: 11 });
        seen.push(...body.items.map((item: { displayName: string }) => item.displayName));
      }
      expect(seen).toEqual(all);
      const beyond = await json("/api/directory/users?page=9&pageSize=4");
      expect(beyond.body).toMatchObject({ items: [], total: 11 });
    });

    it("defaults to page 1 of 50", async () => {
      const { body } = await json("/api/directory/users");
      expect(body).toMatchObject({ page: 1, pageSize: 50, total: 11 });
    });

    it("rejects an out-of-range page or page size with 422", async () => {
      for (const query of [
        "page=0",
        "page=1e20",
        "pageSize=0",
        "pageSize=201",
        "page=abc",
        "active=yes",
      ]) {
        const { status, body } = await json(`/api/directory/users?${query}`);
        expect(status, query).toBe(422);
        expect(body.error.code).toBe("validation_failed");
      }
    });

    it("returns effective profiles with status, manager id and override flag", async () => {
      const { body } = await json("/api/directory/users?q=tuifua");
      expect(body.items).toEqual([
        expect.objectContaining({
          id: ids.soane,
          displayName: "Soane Tuifua",
          department: "Communication",
          active: true,
          softDeleted: false,
          managerId: ids.helene,
          hasOverride: false,
          pronouns: null,
          photoHash: null,
        }),
      ]);
    });

    it("filters by exact department", async () => {
      expect(await names("department=Communication")).toEqual([
        "Soane Tuifua",
        "Hélène Wamytan",
        "Kalïa Wéa",
      ]);
      expect(await names("department=communication")).toEqual([]);
      expect(await names(`department=${encodeURIComponent("Éducation et jeunesse")}`)).toEqual([
        "Émilie Boéné",
        "Rose Kasarhérou",
      ]);
    });

    it("filters by exact office", async () => {
      expect(await names(`office=${encodeURIComponent("Centre technique municipal")}`)).toEqual([
        "Thị Lan Nguyễn",
        "Yannick Wamytan",
      ]);
    });

    it("filters active agents (enabled, not soft-deleted) and the others", async () => {
      const active = await names("active=true");
      expect(active).toHaveLength(9);
      expect(active).not.toContain("Paul Tein");
      expect(active).not.toContain("Rose Kasarhérou");
      expect(await names("active=false")).toEqual(["Rose Kasarhérou", "Paul Tein"]);
      const { body } = await json("/api/directory/users?active=false");
      expect(body.items).toEqual([
        expect.objectContaining({
          displayName: "Rose Kasarhérou",
          active: false,
          softDeleted: true,
        }),
        expect.objectContaining({ displayName: "Paul Tein", active: false, softDeleted: false }),
      ]);
    });

    it("combines filters", async () => {
      const query = `department=${encodeURIComponent("Éducation et jeunesse")}&active=true`;
      expect(await names(query)).toEqual(["Émilie Boéné"]);
    });
  });

  describe("search", () => {
    it.each([
      ["helene", ["Hélène Wamytan"]],
      ["HÉLÈNE", ["Hélène Wamytan"]],
      ["wamytan", ["Hélène Wamytan", "Yannick Wamytan"]],
      ["wamy", ["Hélène Wamytan", "Yannick Wamytan"]],
      ["nguyen", ["Thị Lan Nguyễn"]],
      ["Nguyễn", ["Thị Lan Nguyễn"]],
      ["thi lan", ["Thị Lan Nguyễn"]],
      ["  kalia ", ["Kalïa Wéa"]],
      ["koutio", ["Émilie Boéné", "Rose Kasarhérou"]],
      ["police", ["Marc Ihage", "Paul Tein"]],
      ["marie-claude.gorodey@", ["Marie-Claude Gorodey"]],
    ])("finds %j ignoring case and accents", async (q, expected) => {
      expect(await names(`q=${encodeURIComponent(q)}`)).toEqual(expected);
    });

    it("takes % and _ literally", async () => {
      expect(await names(`q=${encodeURIComponent("100%")}`)).toEqual(["Thị Lan Nguyễn"]);
      expect(await names(`q=${encodeURIComponent("%")}`)).toEqual(["Thị Lan Nguyễn"]);
      expect(await names(`q=${encodeURIComponent("_")}`)).toEqual([]);
      expect(await names(`q=${encodeURIComponent("h_l")}`)).toEqual([]);
    });

    it("lists everyone for a blank query and rejects an overlong one", async () => {
      expect(await names("q=%20%20")).toHaveLength(11);
      const { status } = await json(`/api/directory/users?q=${"a".repeat(101)}`);
      expect(status).toBe(422);
    });

    it("finds an agent by an overridden value", async () => {
      await putOverride(ids.marc, { jobTitle: "Référent sécurité des événements" });
      try {
        expect(await names("q=evenements")).toEqual(["Marc Ihage"]);
      } finally {
        await resetOverride(ids.marc);
      }
    });
  });

  describe("departments and offices", () => {
    it("counts active agents per department and office, in French order", async () => {
      const { status, body } = await json("/api/directory/departments");
      expect(status).toBe(200);
      expect(body.departments).toEqual([
        { name: "Cabinet du Maire", agents: 1 },
        { name: "Communication", agents: 3 },
        { name: "Direction générale des services", agents: 1 },
        { name: "Éducation et jeunesse", agents: 1 },
        { name: "Police municipale", agents: 1 },
        { name: "Services techniques", agents: 1 },
        { name: "Systèmes d'information", agents: 1 },
      ]);
      expect(body.offices).toEqual([
        { name: "Centre technique municipal", agents: 2 },
        { name: "Hôtel de ville", agents: 6 },
        { name: "Maison de quartier de Koutio", agents: 1 },
      ]);
    });

    it("counts and filters by the overridden department", async () => {
      await putOverride(ids.marc, { department: "Sécurité publique" });
      try {
        expect(await names(`department=${encodeURIComponent("Sécurité publique")}`)).toEqual([
          "Marc Ihage",
        ]);
        expect(await names(`department=${encodeURIComponent("Police municipale")}`)).toEqual([
          "Paul Tein",
        ]);
        const { body } = await json("/api/directory/departments");
        expect(body.departments).toContainEqual({ name: "Sécurité publique", agents: 1 });
        expect(body.departments).not.toContainEqual(
          expect.objectContaining({ name: "Police municipale" }),
        );
      } finally {
        await resetOverride(ids.marc);
      }
    });
  });

  describe("agent detail", () => {
    it("shows Entra values, override, effective profile, manager and groups", async () => {
      const { status, body } = await json(`/api/directory/users/${ids.helene}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: ids.helene,
        entra: {
          displayName: "Hélène Wamytan",
          department: "Communication",
          photoHash: ENTRA_PHOTO,
          accountEnabled: true,
        },
        override: null,
        effective: { displayName: "Hélène Wamytan", mobilePhone: "+687 78 12 45" },
        active: true,
        softDeleted: false,
        manager: { id: ids.marieClaude, displayName: "Marie-Claude Gorodey" },
        groups: [
          { id: "grp-all", displayName: "Agents de la ville" },
          { id: "grp-elus", displayName: "Élus et cabinet" },
          { id: "grp-comms", displayName: "Service communication" },
        ],
        syncedAt: SYNCED_AT.toISOString(),
      });
      expect(body.entra).not.toHaveProperty("pronouns");
    });

    it("has no manager and no groups when Entra has none", async () => {
      const { body } = await json(`/api/directory/users/${ids.jerome}`);
      expect(body).toMatchObject({ manager: null, groups: [] });
    });

    it("answers 404 not_found for an unknown agent", async () => {
      for (const path of [`/api/directory/users/${UNKNOWN_ID}`, overridePath(UNKNOWN_ID)]) {
        const { status, body } = await json(path);
        expect(status, path).toBe(404);
        expect(body.error.code).toBe("not_found");
      }
      const put = await json(overridePath(UNKNOWN_ID), {
        as: "editor",
        method: "PUT",
        body: { pronouns: "il" },
        ifMatch: "*",
      });
      expect(put.status).toBe(404);
      expect(put.body.error.code).toBe("not_found");
    });
  });

  describe("authentication and roles", () => {
    const reads = [
      "/api/directory/users",
      `/api/directory/users/${ids.helene}`,
      "/api/directory/departments",
      overridePath(ids.helene),
    ];

    it("answers 401 without a token on every route", async () => {
      const requests = [
        ...reads.map((path) => ({ path, method: "GET" })),
        { path: overridePath(ids.helene), method: "PUT" },
        { path: overridePath(ids.helene), method: "DELETE" },
      ];
      for (const { path, method } of requests) {
        const body = method === "PUT" ? {} : undefined;
        const response = await call(path, { as: null, method, body, ifMatch: "*" });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect((await response.json()).error.code).toBe("unauthenticated");
      }
    });

    it("lets any signed-in agent read the directory and overrides", async () => {
      for (const path of reads) expect((await call(path, { as: "agent" })).status, path).toBe(200);
    });

    it("refuses override writes to a plain agent with 403", async () => {
      const audit = await auditDuring(ids.yannick, async () => {
        for (const method of ["PUT", "DELETE"]) {
          const { status, body } = await json(overridePath(ids.yannick), {
            as: "agent",
            method,
            ...(method === "PUT" ? { body: { pronouns: "il" } } : {}),
            ifMatch: "*",
          });
          expect(status, method).toBe(403);
          expect(body.error).toMatchObject({
            code: "forbidden",
            details: { requiredRole: "Relais.Editor" },
          });
        }
      });
      expect(audit).toEqual([]);
    });

    it("lets an Editor and an Admin write overrides, audited under their name", async () => {
      const audit = await auditDuring(ids.yannick, async () => {
        const byEditor = await putOverride(ids.yannick, { pronouns: "il" }, "editor");
        expect(byEditor.status).toBe(200);
        expect(byEditor.body.updatedBy).toBe(ids.soane);
        t.clock.advance(1_000);
        const byAdmin = await putOverride(ids.yannick, { pronouns: "iel" }, "admin");
        expect(byAdmin.status).toBe(200);
        expect(byAdmin.body.updatedBy).toBe(ids.helene);
        t.clock.advance(1_000);
        await resetOverride(ids.yannick);
      });
      expect(audit.map((row) => [row.action, row.actorId, row.actorName])).toEqual([
        ["agent_override.reset", ids.soane, "Soane Tuifua"],
        ["agent_override.updated", ids.helene, "Hélène Wamytan"],
        ["agent_override.created", ids.soane, "Soane Tuifua"],
      ]);
      expect(audit[1]).toMatchObject({
        before: expect.objectContaining({ pronouns: "il" }),
        after: expect.objectContaining({ pronouns: "iel" }),
      });
    });
  });

  describe("overrides", () => {
    it("starts with defaults and an entity tag", async () => {
      const { status, body, headers } = await json(overridePath(ids.emilie));
      expect(status).toBe(200);
      expect(body).toEqual({
        agentId: ids.emilie,
        displayName: null,
        jobTitle: null,
        department: null,
        mobilePhone: null,
        hideMobilePhone: false,
        hideBusinessPhones: false,
        pronouns: null,
        extraLine: null,
        photoMode: "entra",
        customPhotoHash: null,
        updatedAt: null,
        updatedBy: null,
        etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      });
      expect(headers.get("etag")).toBe(body.etag);
    });

    it("stores, shows and resets an override, auditing each change", async () => {
      const input = {
        displayName: "  Kalïa Wéa-Hnawia ",
        jobTitle: "Chargée de communication et des réseaux sociaux",
        mobilePhone: "+687 84 00 00",
        pronouns: "elle",
        extraLine: "Permanence le mercredi",
        photoMode: "custom",
        customPhotoHash: CUSTOM_PHOTO,
      };
      const put = await putOverride(ids.kalia, input);
      expect(put.status).toBe(200);
      expect(put.headers.get("etag")).toBe(put.body.etag);
      expect(put.body).toMatchObject({
        displayName: "Kalïa Wéa-Hnawia",
        customPhotoHash: CUSTOM_PHOTO.toLowerCase(),
        updatedAt: t.clock.now().toISOString(),
      });
      expect(await json(overridePath(ids.kalia))).toMatchObject({ body: put.body });

      const detail = await json(`/api/directory/users/${ids.kalia}`);
      expect(detail.body.entra).toMatchObject({ displayName: "Kalïa Wéa", photoHash: ENTRA_PHOTO });
      expect(detail.body.override).toEqual(put.body);
      expect(detail.body.effective).toMatchObject({
        displayName: "Kalïa Wéa-Hnawia",
        jobTitle: "Chargée de communication et des réseaux sociaux",
        department: "Communication",
        mobilePhone: "+687 84 00 00",
        pronouns: "elle",
        extraLine: "Permanence le mercredi",
        photoHash: CUSTOM_PHOTO.toLowerCase(),
      });
      const listed = await json("/api/directory/users?q=hnawia");
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: ids.kalia, hasOverride: true }),
      ]);

      const reset = await resetOverride(ids.kalia);
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ displayName: null, photoMode: "entra", updatedAt: null });
      const after = await json(`/api/directory/users/${ids.kalia}`);
      expect(after.body).toMatchObject({ override: null, effective: { displayName: "Kalïa Wéa" } });

      const audit = await auditOf(ids.kalia);
      expect(audit.map((row) => row.action).sort()).toEqual([
        "agent_override.created",
        "agent_override.reset",
      ]);
      const created = audit.find((row) => row.action === "agent_override.created");
      expect(created).toMatchObject({
        before: null,
        after: expect.objectContaining({ displayName: "Kalïa Wéa-Hnawia", pronouns: "elle" }),
        actorId: ids.soane,
      });
      const resetRow = audit.find((row) => row.action === "agent_override.reset");
      expect(resetRow).toMatchObject({
        before: expect.objectContaining({ displayName: "Kalïa Wéa-Hnawia" }),
        after: null,
      });
    });

    it("applies hide flags and photo modes to the effective profile", async () => {
      const effective = async () =>
        (await json(`/api/directory/users/${ids.helene}`, { as: "editor" })).body.effective;
      try {
        await putOverride(ids.helene, { hideMobilePhone: true, mobilePhone: "+687 78 00 01" });
        expect(await effective()).toMatchObject({
          mobilePhone: null,
          businessPhones: ["+687 41 40 52"],
        });
        await putOverride(ids.helene, { hideBusinessPhones: true });
        expect(await effective()).toMatchObject({
          mobilePhone: "+687 78 12 45",
          businessPhones: [],
        });
        await putOverride(ids.helene, { photoMode: "hidden" });
        expect((await effective()).photoHash).toBeNull();
        await putOverride(ids.helene, { photoMode: "entra" });
        expect((await effective()).photoHash).toBe(ENTRA_PHOTO);
        await putOverride(ids.helene, { photoMode: "custom", customPhotoHash: CUSTOM_PHOTO });
        expect((await effective()).photoHash).toBe(CUSTOM_PHOTO.toLowerCase());
      } finally {
        await resetOverride(ids.helene);
      }
    });

    it("hides hidden phones from plain agents but not from editors or the agent themselves", async () => {
      await putOverride(ids.jerome, { hideMobilePhone: true, mobilePhone: "+687 79 00 00" });
      await putOverride(ids.lan, {
        hideMobilePhone: true,
        mobilePhone: "+687 75 00 00",
        hideBusinessPhones: true,
      });
      try {
        const seenByAgent = await json(`/api/directory/users/${ids.lan}`, { as: "agent" });
        expect(seenByAgent.body.entra).toMatchObject({ mobilePhone: null, businessPhones: [] });
        expect(seenByAgent.body.override.mobilePhone).toBeNull();
        expect(seenByAgent.body.effective).toMatchObject({ mobilePhone: null, businessPhones: [] });
        const overrideSeenByAgent = await json(overridePath(ids.lan), { as: "agent" });
        expect(overrideSeenByAgent.body).toMatchObject({
          hideMobilePhone: true,
          mobilePhone: null,
        });
        const seenByEditor = await json(`/api/directory/users/${ids.lan}`, { as: "editor" });
        expect(seenByEditor.body.entra).toMatchObject({
          mobilePhone: "+687 75 44 18",
          businessPhones: ["+687 41 41 10"],
        });
        expect(seenByEditor.body.override.mobilePhone).toBe("+687 75 00 00");
        const own = await json(overridePath(ids.jerome), { as: "agent" });
        expect(own.body.mobilePhone).toBe("+687 79 00 00");
        const other = await json(overridePath(ids.jerome), { as: "admin" });
        expect(other.body.mobilePhone).toBe("+687 79 00 00");
      } finally {
        await resetOverride(ids.jerome);
        await resetOverride(ids.lan);
      }
    });

    it("keeps one audit row when an identical PUT is retried", async () => {
      const read = await json(overridePath(ids.soane), { as: "editor" });
      const put = (body: unknown) =>
        json(overridePath(ids.soane), {
          as: "editor",
          method: "PUT",
          body,
          ifMatch: read.body.etag,
        });
      let first: Awaited<ReturnType<typeof put>> | undefined;
      let retry: Awaited<ReturnType<typeof put>> | undefined;
      const audit = await auditDuring(ids.soane, async () => {
        first = await put({ pronouns: "il", extraLine: "Community manager" });
        t.clock.advance(60_000);
        // The retry still carries the entity tag read before the first attempt.
        retry = await put({ extraLine: " Community manager", pronouns: "il" });
      });
      expect(first?.status).toBe(200);
      expect(retry?.status).toBe(200);
      expect(retry?.body).toEqual(first?.body);
      expect(retry?.headers.get("etag")).toBe(first?.body.etag);
      expect(audit).toHaveLength(1);
      await resetOverride(ids.soane);
    });

    it("treats empty values as not overridden and an all-default PUT as a reset", async () => {
      const noChange = await auditDuring(ids.marieClaude, async () => {
        const empty = await putOverride(ids.marieClaude, { displayName: "", pronouns: null });
        expect(empty.body.updatedAt).toBeNull();
      });
      expect(noChange).toEqual([]);
      const audit = await auditDuring(ids.marieClaude, async () => {
        await putOverride(ids.marieClaude, { pronouns: "elle" });
        const cleared = await putOverride(ids.marieClaude, { pronouns: "   " });
        expect(cleared.body).toMatchObject({ pronouns: null, updatedAt: null });
      });
      const listed = await json("/api/directory/users?q=gorodey");
      expect(listed.body.items[0].hasOverride).toBe(false);
      expect(audit.map((row) => row.action).sort()).toEqual([
        "agent_override.created",
        "agent_override.reset",
      ]);
    });

    it("ignores a custom photo hash unless the photo mode is custom", async () => {
      const put = await putOverride(ids.rose, {
        photoMode: "hidden",
        customPhotoHash: CUSTOM_PHOTO,
      });
      expect(put.body).toMatchObject({ photoMode: "hidden", customPhotoHash: null });
      await resetOverride(ids.rose);
    });
  });

  describe("override validation", () => {
    it.each([
      ["a pronoun over 30 characters", { pronouns: "p".repeat(31) }],
      ["an extra line over 200 characters", { extraLine: "x".repeat(201) }],
      ["a display name over 256 characters", { displayName: "n".repeat(257) }],
      ["a control character", { displayName: "Hélène\u0007Wamytan" }],
      ["a line break inside", { extraLine: "Ligne 1\nLigne 2" }],
      ["a bidi override", { displayName: "Hélène\u202eWamytan" }],
      ["a custom photo without hash", { photoMode: "custom" }],
      ["a malformed photo hash", { photoMode: "custom", customPhotoHash: "abc" }],
      ["an unknown photo mode", { photoMode: "gravatar" }],
      ["letters in the phone", { mobilePhone: "+687 AB CD EF" }],
      ["too few digits in the phone", { mobilePhone: "+687" }],
      ["a non-boolean flag", { hideMobilePhone: "yes" }],
      ["an unknown field", { nickname: "Lélé" }],
      ["a non-object body", ["elle"]],
    ])("rejects %s with 422", async (_, body) => {
      const audit = await auditDuring(ids.paul, async () => {
        const { status, body: error } = await json(overridePath(ids.paul), {
          as: "editor",
          method: "PUT",
          body,
          ifMatch: "*",
        });
        expect(status).toBe(422);
        expect(error.error).toMatchObject({
          code: "validation_failed",
          details: expect.any(Array),
        });
      });
      expect(audit).toEqual([]);
    });

    it("accepts a 30-character pronoun, a 200-character line and a local phone", async () => {
      const put = await putOverride(ids.paul, {
        pronouns: "p".repeat(30),
        extraLine: "x".repeat(200),
        mobilePhone: "78.12.45",
      });
      expect(put.status).toBe(200);
      await resetOverride(ids.paul);
    });

    it("requires If-Match on writes", async () => {
      for (const method of ["PUT", "DELETE"]) {
        const { status, body } = await json(overridePath(ids.paul), {
          as: "editor",
          method,
          ...(method === "PUT" ? { body: { pronouns: "il" } } : {}),
        });
        expect(status, method).toBe(422);
        expect(body.error.details).toEqual([expect.objectContaining({ location: "header" })]);
      }
    });
  });

  describe("optimistic concurrency", () => {
    it("answers 409 when the override changed since it was read", async () => {
      const before = (await auditOf(ids.marc)).length;
      const read = await json(overridePath(ids.marc), { as: "editor" });
      const first = await json(overridePath(ids.marc), {
        as: "editor",
        method: "PUT",
        body: { pronouns: "il" },
        ifMatch: read.body.etag,
      });
      expect(first.status).toBe(200);
      const stale = await json(overridePath(ids.marc), {
        as: "admin",
        method: "PUT",
        body: { extraLine: "Astreinte le week-end" },
        ifMatch: read.body.etag,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({
        code: "conflict",
        details: { currentEtag: first.body.etag },
      });
      const staleReset = await json(overridePath(ids.marc), {
        as: "admin",
        method: "DELETE",
        ifMatch: read.body.etag,
      });
      expect(staleReset.status).toBe(409);
      expect((await json(overridePath(ids.marc))).body).toMatchObject({
        pronouns: "il",
        extraLine: null,
      });
      expect(await auditOf(ids.marc)).toHaveLength(before + 1);
      await resetOverride(ids.marc);
    });

    it("refuses as stale a write that waited for a concurrent one to commit", async () => {
      const read = await json(overridePath(ids.emilie), { as: "editor" });
      let pending: Response | Promise<Response> | undefined;
      // Another editor's transaction holds the agent while this PUT arrives.
      await t.database.db.transaction(async (tx) => {
        await tx.select().from(agents).where(eq(agents.id, ids.emilie)).for("update");
        pending = call(overridePath(ids.emilie), {
          as: "editor",
          method: "PUT",
          body: { extraLine: "Centre de loisirs" },
          ifMatch: read.body.etag,
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.insert(agentOverrides).values({
          agentId: ids.emilie,
          extraLine: "Ateliers du mercredi",
          updatedAt: t.clock.now(),
        });
      });
      const response = await pending;
      expect(response?.status).toBe(409);
      expect((await json(overridePath(ids.emilie))).body.extraLine).toBe("Ateliers du mercredi");
      await resetOverride(ids.emilie);
    });

    it("lets If-Match: * overwrite knowingly", async () => {
      await putOverride(ids.rose, { pronouns: "elle" });
      const forced = await json(overridePath(ids.rose), {
        as: "editor",
        method: "PUT",
        body: { pronouns: "iel" },
        ifMatch: "*",
      });
      expect(forced.status).toBe(200);
      expect(forced.body.pronouns).toBe("iel");
      await resetOverride(ids.rose);
    });

    it("never matches a weak entity tag", async () => {
      const read = await json(overridePath(ids.rose), { as: "editor" });
      const { status } = await json(overridePath(ids.rose), {
        as: "editor",
        method: "PUT",
        body: { pronouns: "elle" },
        ifMatch: `W/${read.body.etag}`,
      });
      expect(status).toBe(409);
    });
  });

  it("declares every route with its error responses in the OpenAPI document", async () => {
    const doc = await (await t.app.request("/openapi.json")).json();
    const expected: [string, string, string[]][] = [
      ["/api/directory/users", "get", ["401", "422"]],
      ["/api/directory/users/{id}", "get", ["401", "404", "422"]],
      ["/api/directory/departments", "get", ["401"]],
      ["/api/directory/users/{id}/override", "get", ["401", "404", "422"]],
      ["/api/directory/users/{id}/override", "put", ["401", "403", "404", "409", "422"]],
      ["/api/directory/users/{id}/override", "delete", ["401", "403", "404", "409", "422"]],
    ];
    for (const [path, method, statuses] of expected) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining(["200", ...statuses]),
      );
    }
    const put = doc.paths["/api/directory/users/{id}/override"].put;
    expect(put.description).toContain("If-Match");
    expect(put.parameters).toContainEqual(
      expect.objectContaining({ name: "if-match", in: "header", required: true }),
    );
  });
});
