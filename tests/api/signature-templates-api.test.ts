import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenValidator, remoteJwks } from "../../api/src/auth";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import { signatureRules, signatureTemplates } from "../../api/src/db/schema";
import { listAuditRows } from "../../api/src/modules/audit";
import { systemContext } from "../../api/src/modules/context";
import { findBuiltinTemplate } from "../../api/src/modules/signatures/builtin";
import { getPublishedSources } from "../../api/src/modules/signatures/templates.repo";
import { templateRoutes } from "../../api/src/modules/signatures/templates.routes";
import { createBuiltinTemplate } from "../../api/src/modules/signatures/templates.service";
import { SANDBOX_KEY_PEOPLE } from "../../api/src/sandbox/directory";
import { createTestApp, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";

const people = {
  /** Admin and Editor. */
  helene: SANDBOX_KEY_PEOPLE.commsHead,
  /** Editor. */
  soane: SANDBOX_KEY_PEOPLE.digitalCommsAssistant,
  /** Editor. */
  kalia: SANDBOX_KEY_PEOPLE.commsOfficer,
  /** Approver. */
  marieClaude: SANDBOX_KEY_PEOPLE.chiefOfStaff,
  /** No Relais role. */
  jerome: SANDBOX_KEY_PEOPLE.directorGeneral,
};
type Who = keyof typeof people;

const builtin = findBuiltinTemplate("institutionnel")!;
/** Email-safe sources in both languages, as the team would start from. */
const goodSources = () => ({
  fr: { ...builtin.sources.fr },
  en: { ...builtin.sources.en },
});
const edited = (note: string) => {
  const sources = goodSources();
  sources.fr.new = `${sources.fr.new}\n{{! ${note} }}`;
  return sources;
};

const TEMPLATES = "/api/signatures/templates";
const VERSIONS = "/api/signatures/template-versions";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

function mountTemplates(t: TestApp) {
  if (t.app.routes.some((route) => route.path === TEMPLATES)) return;
  // The same wiring as the app's own validator (createTestApp): the sandbox's JWKS over HTTPS.
  const validateToken = createTokenValidator({
    ...t.runtime.trust,
    clock: t.clock,
    jwks: remoteJwks(t.runtime.trust.jwksUrl, { fetch: t.runtime.fetch }),
  });
  t.app.route(
    "/",
    templateRoutes({
      db: t.database.db,
      clock: t.clock,
      ids: randomIds,
      logger: createLogger("silent"),
      validateToken,
    }),
  );
}

describe.each(dbKinds)("signature templates API on %s", (kind) => {
  let t: TestApp;
  const tokens = {} as Record<Who, string>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    mountTemplates(t);
    for (const who of Object.keys(people) as Who[]) {
      tokens[who] = await t.tokenFor(people[who].userPrincipalName);
    }
  });
  afterAll(() => t.close());

  const call = async (
    path: string,
    options: {
      as?: Who | null;
      method?: string;
      body?: unknown;
      ifMatch?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${tokens[options.as]}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.ifMatch !== undefined) headers["if-match"] = options.ifMatch;
    const response = await t.app.request(path, {
      method: options.method ?? "GET",
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as any,
      headers: response.headers,
    };
  };

  const create = async (as: Who, name: string, sources: unknown = goodSources()) => {
    const response = await call(TEMPLATES, { as, method: "POST", body: { name, sources } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; versions: { id: string; etag: string }[] };
  };

  const action = (as: Who, versionId: string, verb: string, body?: unknown) =>
    call(`${VERSIONS}/${versionId}/${verb}`, {
      as,
      method: "POST",
      ...(body === undefined ? {} : { body }),
    });

  /** A template by `author` whose version 1 is submitted. */
  const submitted = async (author: Who, name: string) => {
    const template = await create(author, name);
    const versionId = template.versions[0]!.id;
    expect((await action(author, versionId, "submit")).status).toBe(200);
    return { templateId: template.id, versionId };
  };

  const auditActions = async (entityId: string) =>
    (
      await listAuditRows(t.database.db, {
        entity: "signature_template_version",
        entityId,
        limit: 50,
      })
    )
      .reverse()
      .map((row) => row.action);

  it("runs the whole lifecycle: edit, review, publish, a second version, a diff and a rollback", async () => {
    const created = await call(TEMPLATES, {
      as: "soane",
      method: "POST",
      body: {
        name: "Direction de la communication",
        description: "Pour le service",
        sources: goodSources(),
      },
    });
    expect(created.status).toBe(201);
    const templateId: string = created.body.id;
    const v1 = created.body.versions[0];
    expect(created.body).toMatchObject({
      name: "Direction de la communication",
      publishedVersion: null,
      openVersion: { id: v1.id, number: 1, status: "draft" },
    });
    expect(v1).toMatchObject({ number: 1, status: "draft", authorId: people.soane.id });

    const listed = await call(TEMPLATES, { as: "marieClaude" });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((item: any) => item.id === templateId)).toMatchObject({
      openVersion: { number: 1, status: "draft" },
      publishedVersion: null,
    });

    // Edit with If-Match: a stale tag is refused with the current one.
    const stale = await call(`${VERSIONS}/${v1.id}`, {
      as: "soane",
      method: "PUT",
      ifMatch: '"stale"',
      body: { sources: edited("relu"), note: "Relu" },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.currentEtag).toBe(v1.etag);
    const saved = await call(`${VERSIONS}/${v1.id}`, {
      as: "soane",
      method: "PUT",
      ifMatch: v1.etag,
      body: { sources: edited("relu"), note: "Relu" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: "draft", note: "Relu", warnings: [] });
    expect(saved.headers.get("etag")).toBe(saved.body.etag);
    expect(saved.body.etag).not.toBe(v1.etag);
    const replay = await call(`${VERSIONS}/${v1.id}`, {
      as: "soane",
      method: "PUT",
      ifMatch: v1.etag,
      body: { sources: edited("relu again"), note: "Relu" },
    });
    expect(replay.status).toBe(409);

    expect((await action("soane", v1.id, "submit")).body.status).toBe("submitted");
    const approved = await action("marieClaude", v1.id, "approve", { comment: "Parfait" });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: "approved",
      reviewedBy: people.marieClaude.id,
      reviewedByName: people.marieClaude.displayName,
      reviewComment: "Parfait",
    });
    const published = await action("soane", v1.id, "publish");
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: "published", publishedBy: people.soane.id });

    // Version 2, from the published one; only one version in progress at a time.
    const v2 = await call(`${TEMPLATES}/${templateId}/versions`, { as: "kalia", method: "POST" });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({
      number: 2,
      status: "draft",
      basedOn: v1.id,
      authorId: people.kalia.id,
    });
    const second = await call(`${TEMPLATES}/${templateId}/versions`, {
      as: "kalia",
      method: "POST",
      body: {},
    });
    expect(second.status).toBe(409);
    expect(second.body.error.details.openVersion).toEqual({
      id: v2.body.id,
      number: 2,
      status: "draft",
    });
    expect(second.body.error.details.message.fr).toContain("une seule version");

    const v2Sources = edited("version 2");
    v2Sources.fr.new = v2Sources.fr.new.replace("{{displayName}}", "{{displayName}} ");
    const v2Saved = await call(`${VERSIONS}/${v2.body.id}`, {
      as: "kalia",
      method: "PUT",
      ifMatch: v2.body.etag,
      body: { sources: v2Sources },
    });
    expect(v2Saved.status).toBe(200);
    expect((await action("kalia", v2.body.id, "submit")).status).toBe(200);
    expect((await action("marieClaude", v2.body.id, "approve")).status).toBe(200);
    // An Approver may publish too.
    expect((await action("marieClaude", v2.body.id, "publish")).body.status).toBe("published");

    const diff = await call(`${VERSIONS}/${v1.id}/diff/${v2.body.id}`, { as: "marieClaude" });
    expect(diff.status).toBe(200);
    expect(diff.body.from).toEqual({ id: v1.id, number: 1 });
    expect(diff.body.to).toEqual({ id: v2.body.id, number: 2 });
    // English and the other French variants are identical: left out.
    expect(diff.body.changes.map((c: any) => `${c.language}.${c.variant}`)).toEqual(["fr.new"]);
    const [change] = diff.body.changes;
    expect(change.patch).toContain("--- version 1");
    expect(change.patch).toContain("+++ version 2");
    expect(change.patch).toContain("+{{! version 2 }}");
    expect(change.added).toBeGreaterThanOrEqual(2);
    expect(change.removed).toBeGreaterThanOrEqual(2);

    // Rollback: only to a version published before; a new published version copies it.
    const draft3 = await call(`${TEMPLATES}/${templateId}/versions`, {
      as: "kalia",
      method: "POST",
    });
    expect(draft3.status).toBe(201);
    const notPublished = await call(`${TEMPLATES}/${templateId}/rollback`, {
      as: "soane",
      method: "POST",
      body: { toVersionId: draft3.body.id },
    });
    expect(notPublished.status).toBe(422);
    expect(notPublished.body.error.details.message.fr).toContain("jamais été publiée");
    const rolledBack = await call(`${TEMPLATES}/${templateId}/rollback`, {
      as: "soane",
      method: "POST",
      body: { toVersionId: v1.id },
    });
    expect(rolledBack.status).toBe(201);
    expect(rolledBack.body).toMatchObject({
      number: 4,
      status: "published",
      basedOn: v1.id,
      note: "Retour à la version 1",
      sources: saved.body.sources,
    });

    const detail = await call(`${TEMPLATES}/${templateId}`, { as: "kalia" });
    expect(detail.status).toBe(200);
    expect(detail.body.versions.map((v: any) => [v.number, v.status])).toEqual([
      [4, "published"],
      [3, "draft"],
      [2, "retired"],
      [1, "retired"],
    ]);
    expect(detail.body.publishedVersion).toMatchObject({ id: rolledBack.body.id, number: 4 });
    expect(detail.body.openVersion).toMatchObject({ number: 3, status: "draft" });

    const agentsGet = await getPublishedSources(t.database.db, templateId);
    expect(agentsGet).toMatchObject({
      versionId: rolledBack.body.id,
      number: 4,
      templateName: "Direction de la communication",
      sources: saved.body.sources,
    });

    expect(await auditActions(v1.id)).toEqual([
      "signature_template_version.created",
      "signature_template_version.updated",
      "signature_template_version.submitted",
      "signature_template_version.approved",
      "signature_template_version.published",
      "signature_template_version.retired",
    ]);
    expect(await auditActions(rolledBack.body.id)).toEqual([
      "signature_template_version.rolled_back",
    ]);
    const [approval] = await listAuditRows(t.database.db, {
      entity: "signature_template_version",
      entityId: v1.id,
      limit: 50,
    }).then((rows) => rows.filter((row) => row.action.endsWith(".approved")));
    expect(approval).toMatchObject({
      actorId: people.marieClaude.id,
      actorName: people.marieClaude.displayName,
      before: { status: "submitted", number: 1 },
      after: { status: "approved", number: 1, comment: "Parfait" },
    });
    const templateAudit = await listAuditRows(t.database.db, {
      entity: "signature_template",
      entityId: templateId,
      limit: 10,
    });
    expect(templateAudit.map((row) => row.action)).toEqual(["signature_template.created"]);
  });

  it("refuses approval by whoever wrote or edited the version, Admins included", async () => {
    const own = await submitted("helene", "Cabinet du Maire");
    const refused = await action("helene", own.versionId, "approve");
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason).toBe("own_version");
    expect(refused.body.error.details.message.fr).toContain("une autre personne");
    expect((await action("marieClaude", own.versionId, "approve")).status).toBe(200);

    // Hélène only edited Kalïa's draft: she still cannot approve it.
    const template = await create("kalia", "Centre technique municipal");
    const version = template.versions[0]!;
    const save = await call(`${VERSIONS}/${version.id}`, {
      as: "helene",
      method: "PUT",
      ifMatch: version.etag,
      body: { sources: edited("corrigé par Hélène") },
    });
    expect(save.status).toBe(200);
    expect((await action("kalia", version.id, "submit")).status).toBe(200);
    expect((await action("helene", version.id, "approve")).status).toBe(403);
    expect((await action("marieClaude", version.id, "approve")).status).toBe(200);
  });

  it("answers 409 with the current status to a transition from the wrong status", async () => {
    const template = await create("soane", "Police municipale");
    const version = template.versions[0]!;
    const publishDraft = await action("soane", version.id, "publish");
    expect(publishDraft.status).toBe(409);
    expect(publishDraft.body.error.details).toMatchObject({
      currentStatus: "draft",
      expectedStatus: ["approved"],
    });
    expect(publishDraft.body.error.details.message.fr).toContain("brouillon");
    expect((await action("marieClaude", version.id, "approve")).status).toBe(409);

    expect((await action("soane", version.id, "submit")).status).toBe(200);
    const again = await action("soane", version.id, "submit");
    expect(again.status).toBe(409);
    expect(again.body.error.details.currentStatus).toBe("submitted");
    const editSubmitted = await call(`${VERSIONS}/${version.id}`, {
      as: "soane",
      method: "PUT",
      ifMatch: "*",
      body: { sources: edited("trop tard") },
    });
    expect(editSubmitted.status).toBe(409);
    expect(editSubmitted.body.error.details.currentStatus).toBe("submitted");

    // Reject needs a comment; the author then edits the rejected version back into a draft.
    expect((await action("marieClaude", version.id, "reject", {})).status).toBe(422);
    const rejected = await action("marieClaude", version.id, "reject", {
      comment: "Le logo est trop grand",
    });
    expect(rejected.body).toMatchObject({
      status: "rejected",
      reviewComment: "Le logo est trop grand",
    });
    expect((await action("marieClaude", version.id, "approve")).status).toBe(409);
    const fixed = await call(`${VERSIONS}/${version.id}`, {
      as: "soane",
      method: "PUT",
      ifMatch: rejected.body.etag,
      body: { sources: edited("logo plus petit") },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ status: "draft", reviewComment: "Le logo est trop grand" });
    expect((await action("soane", version.id, "submit")).status).toBe(200);
    expect((await action("marieClaude", version.id, "approve")).status).toBe(200);
    expect((await action("soane", version.id, "publish")).status).toBe(200);
    const republish = await action("soane", version.id, "publish");
    expect(republish.status).toBe(409);
    expect(republish.body.error.details.currentStatus).toBe("published");
  });

  it("brings a rejected version back only while no other version is in progress", async () => {
    const { templateId, versionId } = await submitted("soane", "Rejet puis nouvelle version");
    const rejected = await action("marieClaude", versionId, "reject", { comment: "À refaire" });
    expect(rejected.status).toBe(200);
    const fresh = await call(`${TEMPLATES}/${templateId}/versions`, {
      as: "kalia",
      method: "POST",
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ number: 2, status: "draft", basedOn: versionId });
    const revive = await call(`${VERSIONS}/${versionId}`, {
      as: "soane",
      method: "PUT",
      ifMatch: rejected.body.etag,
      body: { sources: edited("repris") },
    });
    expect(revive.status).toBe(409);
    expect(revive.body.error.details.openVersion).toMatchObject({ number: 2, status: "draft" });
  });

  it("reports compile errors with language, variant, line and column (422)", async () => {
    const sources = goodSources();
    sources.fr.new = "<p>{{displayNam}}</p>";
    sources.en.reply = '<p>\n{{#photo}}<img src="{{photo.url}}"></p>';
    const refused = await call(TEMPLATES, {
      as: "soane",
      method: "POST",
      body: { name: "Erreurs", sources },
    });
    expect(refused.status).toBe(422);
    const errors = refused.body.error.details.errors;
    expect(errors).toContainEqual(
      expect.objectContaining({
        language: "fr",
        variant: "new",
        code: "unknown_field",
        line: 1,
        column: 4,
      }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({
        language: "en",
        variant: "reply",
        code: "unbalanced_section",
        line: 2,
        column: 1,
      }),
    );
    expect(errors[0].message.fr).toContain("displayName");

    const template = await create("soane", "Compilation");
    const version = template.versions[0]!;
    const bad = await call(`${VERSIONS}/${version.id}`, {
      as: "soane",
      method: "PUT",
      ifMatch: version.etag,
      body: { sources: { fr: { new: "<p>{{{displayName}}}</p>" } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.errors[0]).toMatchObject({
      language: "fr",
      variant: "new",
      code: "raw_output_forbidden",
      line: 1,
      column: 4,
    });
    const unchanged = await call(`${VERSIONS}/${version.id}`, { as: "soane" });
    expect(unchanged.body.etag).toBe(version.etag);
  });

  it("saves a draft with email-safety errors as warnings but refuses to submit it", async () => {
    const flex = { fr: { new: '<div style="display:flex">{{displayName}}</div>' } };
    const template = await create("kalia", "Mise en page flex");
    const version = template.versions[0]!;
    const saved = await call(`${VERSIONS}/${version.id}`, {
      as: "kalia",
      method: "PUT",
      ifMatch: version.etag,
      body: { sources: flex },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.warnings).toContainEqual(
      expect.objectContaining({
        language: "fr",
        variant: "new",
        code: "css-flex-grid-layout",
        severity: "error",
      }),
    );
    const refused = await action("kalia", version.id, "submit");
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.errors).toEqual([]);
    const issue = refused.body.error.details.emailSafety.find(
      (found: any) => found.code === "css-flex-grid-layout",
    );
    expect(issue).toMatchObject({ language: "fr", variant: "new", severity: "error" });
    expect(issue.views).toEqual(["example", "photoAndBanner", "minimal"]);
    expect(issue.message.fr.length).toBeGreaterThan(10);

    // Under the compiler's 20,000-character limit, yet over Outlook's 30,000 once rendered.
    const long = `<p>${"{{brand.legalText}}".repeat(1000)}</p>`;
    const big = await create("kalia", "Mentions en boucle", { fr: { new: long } });
    const tooLong = await action("kalia", big.versions[0]!.id, "submit");
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.details.emailSafety).toContainEqual(
      expect.objectContaining({ code: "size-limit-exceeded", language: "fr", variant: "new" }),
    );
    expect(
      tooLong.body.error.details.emailSafety.find((i: any) => i.code === "size-limit-exceeded")
        .characters,
    ).toBeGreaterThan(30_000);
  });

  it("requires a token on every route and the right role on every write", async () => {
    const template = await create("soane", "Droits");
    const version = template.versions[0]!;
    const routes: [string, string, unknown?][] = [
      ["GET", TEMPLATES],
      ["POST", TEMPLATES, { name: "X", sources: goodSources() }],
      ["GET", `${TEMPLATES}/${template.id}`],
      ["PATCH", `${TEMPLATES}/${template.id}`, { name: "Y" }],
      ["DELETE", `${TEMPLATES}/${template.id}`],
      ["POST", `${TEMPLATES}/${template.id}/versions`, {}],
      ["POST", `${TEMPLATES}/${template.id}/rollback`, { toVersionId: version.id }],
      ["GET", `${VERSIONS}/${version.id}`],
      ["PUT", `${VERSIONS}/${version.id}`, { sources: goodSources() }],
      ["POST", `${VERSIONS}/${version.id}/submit`],
      ["POST", `${VERSIONS}/${version.id}/approve`, {}],
      ["POST", `${VERSIONS}/${version.id}/reject`, { comment: "Non" }],
      ["POST", `${VERSIONS}/${version.id}/publish`],
      ["GET", `${VERSIONS}/${version.id}/diff/${version.id}`],
    ];
    for (const [method, path, body] of routes) {
      const anonymous = await call(path, { method, body, ifMatch: version.etag });
      expect(anonymous.status, `${method} ${path} anonymous`).toBe(401);
      const agent = await call(path, { as: "jerome", method, body, ifMatch: version.etag });
      expect(agent.status, `${method} ${path} without role`).toBe(403);
    }
    // An Approver does not edit; an Editor does not review.
    const byApprover = await call(TEMPLATES, {
      as: "marieClaude",
      method: "POST",
      body: { name: "X", sources: goodSources() },
    });
    expect(byApprover.status).toBe(403);
    expect((await action("soane", version.id, "submit")).status).toBe(200);
    expect((await action("kalia", version.id, "approve")).status).toBe(403);
    expect((await action("kalia", version.id, "reject", { comment: "Non" })).status).toBe(403);
    expect((await call(`${VERSIONS}/${version.id}`, { as: "soane" })).body.status).toBe(
      "submitted",
    );
  });

  it("creates one template for a replayed Idempotency-Key", async () => {
    const request = {
      as: "soane" as const,
      method: "POST",
      headers: { "idempotency-key": `tpl-${kind}-1` },
      body: { name: "Rejoué", sources: goodSources() },
    };
    const first = await call(TEMPLATES, request);
    const second = await call(TEMPLATES, request);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body.id).toBe(first.body.id);
    const rows = await t.database.db
      .select()
      .from(signatureTemplates)
      .where(eq(signatureTemplates.name, "Rejoué"));
    expect(rows).toHaveLength(1);
  });

  it("lets exactly one of two approvers clicking at once approve", async () => {
    const { versionId } = await submitted("kalia", "Double clic");
    const answers = await Promise.all([
      action("marieClaude", versionId, "approve", { comment: "OK" }),
      action("helene", versionId, "approve", { comment: "OK aussi" }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    expect(loser.body.error.details.currentStatus).toBe("approved");
    const actions = await auditActions(versionId);
    expect(actions.filter((a) => a.endsWith(".approved"))).toHaveLength(1);
  });

  it("refuses to archive a template a rule uses, then archives it", async () => {
    const template = await create("soane", "Archivable");
    const ruleId = randomIds.uuid();
    await t.database.db.insert(signatureRules).values({
      id: ruleId,
      name: "Service communication",
      priority: 1,
      target: { kind: "department", department: "Communication" },
      templateId: template.id,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const refused = await call(`${TEMPLATES}/${template.id}`, { as: "soane", method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.rules).toEqual([
      { id: ruleId, name: "Service communication" },
    ]);
    expect(refused.body.error.details.message.fr).toContain("« Service communication »");

    await t.database.db.delete(signatureRules).where(eq(signatureRules.id, ruleId));
    const archived = await call(`${TEMPLATES}/${template.id}`, { as: "soane", method: "DELETE" });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const listed = await call(TEMPLATES, { as: "soane" });
    expect(listed.body.items.map((item: any) => item.id)).not.toContain(template.id);
    const all = await call(`${TEMPLATES}?includeArchived=true`, { as: "soane" });
    expect(all.body.items.map((item: any) => item.id)).toContain(template.id);
    const frozen = await call(`${TEMPLATES}/${template.id}`, {
      as: "soane",
      method: "PATCH",
      body: { name: "Renommé" },
    });
    expect(frozen.status).toBe(409);
    const audit = await listAuditRows(t.database.db, {
      entity: "signature_template",
      entityId: template.id,
      limit: 10,
    });
    expect(audit[0]).toMatchObject({
      action: "signature_template.archived",
      actorId: people.soane.id,
    });
  });

  it("renames a template and answers 404 for unknown ids", async () => {
    const template = await create("soane", "Ancien nom");
    const renamed = await call(`${TEMPLATES}/${template.id}`, {
      as: "kalia",
      method: "PATCH",
      body: { name: "  Nouveau nom  ", description: "Pour les élus" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Nouveau nom", description: "Pour les élus" });
    expect((await call(`${TEMPLATES}/${UNKNOWN_ID}`, { as: "soane" })).status).toBe(404);
    expect((await action("soane", UNKNOWN_ID, "submit")).status).toBe(404);
    expect((await call(`${TEMPLATES}/pas-un-uuid`, { as: "soane" })).status).toBe(422);
  });

  it("seeds a built-in template once, published, audited as the system", async () => {
    const ctx = systemContext({
      db: t.database.db,
      clock: t.clock,
      ids: randomIds,
      logger: createLogger("silent"),
    });
    const input = {
      builtinKey: `test-${kind}`,
      name: "Sobre",
      description: "Le modèle sobre",
      sources: goodSources(),
    };
    const first = await createBuiltinTemplate(ctx, input);
    const second = await createBuiltinTemplate(ctx, input);
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    const published = await getPublishedSources(t.database.db, first.id);
    expect(published).toMatchObject({
      versionId: first.publishedVersionId,
      number: 1,
      templateName: "Sobre",
    });
    const audit = await listAuditRows(t.database.db, {
      entity: "signature_template",
      entityId: first.id,
      limit: 10,
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "signature_template.created", actorId: null });
  });
});
