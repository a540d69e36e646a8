import { createHash } from "node:crypto";
import { createTwoFilesPatch, diffLines } from "diff";
import { type ExpectedVersion, matchesExpected } from "../../core/conditional";
import { AppError, notFound } from "../../core/errors";
import type { DbOrTx, Transaction } from "../../db/client";
import type { TemplateSources } from "../../db/schema";
import { withTransaction } from "../../db/transaction";
import { listAuditRows, recordAudit } from "../audit";
import type { ServiceContext } from "../context";
import { TEMPLATE_LANGUAGES, TEMPLATE_VARIANTS } from "./builtin";
import {
  compileSources,
  draftWarnings,
  normalizeSources,
  resolveTemplateSource,
  type SourceCompileError,
  type SourceSafetyIssue,
  storedSources,
  submissionProblems,
} from "./template-validation";
import * as repo from "./templates.repo";
import type {
  CreateTemplateInput,
  TemplateDetailView,
  TemplateSummaryView,
  TemplateVersionView,
  UpdateTemplateInput,
  UpdateVersionInput,
  VersionDiffView,
} from "./templates.schemas";

type VersionRow = repo.VersionRow;
type VersionStatus = repo.VersionStatus;

/** The entity tags the caller last read, or "*" to overwrite whatever is there. */

const TEMPLATE_ENTITY = "signature_template";
const VERSION_ENTITY = "signature_template_version";
const OPEN_STATUSES: readonly VersionStatus[] = ["draft", "submitted", "approved"];
/** Audited actions whose actor shaped the content, so cannot approve it. */
const CONTENT_ACTIONS = new Set([
  `${VERSION_ENTITY}.created`,
  `${VERSION_ENTITY}.updated`,
  `${VERSION_ENTITY}.submitted`,
]);

const statusLabel: Record<VersionStatus, { fr: string; en: string }> = {
  draft: { fr: "brouillon", en: "draft" },
  submitted: { fr: "soumise", en: "submitted" },
  approved: { fr: "approuvée", en: "approved" },
  rejected: { fr: "rejetée", en: "rejected" },
  published: { fr: "publiée", en: "published" },
  retired: { fr: "retirée", en: "retired" },
};

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export function versionEtag(row: Pick<VersionRow, "id" | "updatedAt">): string {
  const digest = createHash("sha256")
    .update(`${row.id}:${row.updatedAt.toISOString()}`)
    .digest("base64url");
  return `"${digest.slice(0, 27)}"`;
}

/**
 * The next `updatedAt` of a row: now, but always after the previous one, so every change gets
 * a new ETag even when two land within one millisecond (or the clock is fixed, as in tests).
 */
function nextInstant(ctx: ServiceContext, previous: Date): Date {
  const now = ctx.clock.now();
  return now.getTime() > previous.getTime() ? now : new Date(previous.getTime() + 1);
}

function toVersionView(row: VersionRow): TemplateVersionView {
  return {
    id: row.id,
    templateId: row.templateId,
    number: row.number,
    status: row.status,
    sources: row.sources,
    note: row.note,
    basedOn: row.basedOn,
    authorId: row.authorId,
    authorName: row.authorName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    reviewedBy: row.reviewedBy,
    reviewedByName: row.reviewedByName,
    reviewedAt: iso(row.reviewedAt),
    reviewComment: row.reviewComment,
    publishedAt: iso(row.publishedAt),
    publishedBy: row.publishedBy,
    etag: versionEtag(row),
  };
}

/** `versions` newest first. */
function toSummary(
  row: repo.TemplateRow,
  versions: readonly repo.VersionMeta[],
): TemplateSummaryView {
  const published = versions.find((version) => version.id === row.publishedVersionId);
  const open = versions.find((version) => OPEN_STATUSES.includes(version.status));
  let updatedAt = row.archivedAt ?? row.createdAt;
  for (const version of versions) {
    if (version.updatedAt > updatedAt) updatedAt = version.updatedAt;
  }
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtinKey: row.builtinKey,
    publishedVersion: published
      ? { id: published.id, number: published.number, publishedAt: iso(published.publishedAt) }
      : null,
    openVersion: open ? { id: open.id, number: open.number, status: open.status } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    archivedAt: iso(row.archivedAt),
  };
}

function toDetail(row: repo.TemplateRow, versions: readonly VersionRow[]): TemplateDetailView {
  return { ...toSummary(row, versions), versions: versions.map(toVersionView) };
}

function conflict(en: string, fr: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("conflict", en, { ...details, message: { fr, en } });
}

function invalid(en: string, fr: string, details: Record<string, unknown> = {}): AppError {
  return new AppError("validation_failed", en, { ...details, message: { fr, en } });
}

function wrongState(
  version: Pick<VersionRow, "id" | "number" | "status">,
  action: { fr: string; en: string },
  expected: readonly VersionStatus[],
): AppError {
  const current = statusLabel[version.status];
  const wanted = expected.map((status) => statusLabel[status]);
  return conflict(
    `Version ${version.number} is ${current.en}: it cannot be ${action.en} (expected ${wanted.map((s) => s.en).join(" or ")}).`,
    `La version ${version.number} est ${current.fr} : elle ne peut pas être ${action.fr} (il faut qu'elle soit ${wanted.map((s) => s.fr).join(" ou ")}).`,
    { versionId: version.id, currentStatus: version.status, expectedStatus: expected },
  );
}

function compileFailure(errors: SourceCompileError[]): AppError {
  return invalid(
    "The template does not compile: fix the errors listed.",
    "Le modèle contient des erreurs : corrigez celles qui sont listées.",
    { errors },
  );
}

function archived(row: repo.TemplateRow): AppError {
  return conflict(
    "The template is archived: it can no longer change.",
    `Le modèle « ${row.name} » est archivé : il ne peut plus être modifié.`,
    { templateId: row.id },
  );
}

async function requireTemplate(db: DbOrTx, id: string, lock = false): Promise<repo.TemplateRow> {
  const row = lock ? await repo.lockTemplate(db, id) : await repo.findTemplate(db, id);
  if (!row) throw notFound("Template", { templateId: id });
  return row;
}

async function requireVersion(db: DbOrTx, id: string): Promise<VersionRow> {
  const row = await repo.findVersion(db, id);
  if (!row) throw notFound("Template version", { versionId: id });
  return row;
}

/** Locks the version's template, then reads the version again under the lock. */
async function lockVersion(
  tx: Transaction,
  versionId: string,
): Promise<{ template: repo.TemplateRow; version: VersionRow }> {
  const first = await requireVersion(tx, versionId);
  const template = await requireTemplate(tx, first.templateId, true);
  return { template, version: await requireVersion(tx, versionId) };
}

function sameSources(a: TemplateSources, b: TemplateSources): boolean {
  const key = (sources: TemplateSources) =>
    JSON.stringify(storedSources(sources).map((s) => [s.language, s.variant, s.source]));
  return key(a) === key(b);
}

const auditVersion = (row: Pick<VersionRow, "templateId" | "number" | "status">) => ({
  templateId: row.templateId,
  number: row.number,
  status: row.status,
});

// ——— Templates ———

export async function listTemplates(
  ctx: ServiceContext,
  options: { includeArchived: boolean },
): Promise<{ items: TemplateSummaryView[] }> {
  const rows = await repo.listTemplateRows(ctx.db, options);
  const metas = await repo.listVersionMetas(
    ctx.db,
    rows.map((row) => row.id),
  );
  const byTemplate = new Map<string, repo.VersionMeta[]>();
  for (const meta of metas) {
    const list = byTemplate.get(meta.templateId) ?? [];
    list.push(meta);
    byTemplate.set(meta.templateId, list);
  }
  const items = rows
    .map((row) => toSummary(row, byTemplate.get(row.id) ?? []))
    .sort((a, b) => a.name.localeCompare(b.name, "fr", { sensitivity: "base" }));
  return { items };
}

export async function getTemplate(ctx: ServiceContext, id: string): Promise<TemplateDetailView> {
  const row = await requireTemplate(ctx.db, id);
  return toDetail(row, await repo.listVersions(ctx.db, id));
}

/** A new template with its version 1 as a draft by the caller. */
export async function createTemplate(
  ctx: ServiceContext,
  input: CreateTemplateInput,
): Promise<TemplateDetailView> {
  const sources = normalizeSources(input.sources);
  const errors = compileSources(sources);
  if (errors.length > 0) throw compileFailure(errors);
  return withTransaction(ctx.db, async (tx) => {
    const txCtx: ServiceContext = { ...ctx, db: tx };
    const now = ctx.clock.now();
    const template: repo.TemplateRow = {
      id: ctx.ids.uuid(),
      builtinKey: null,
      name: input.name,
      description: input.description || null,
      createdAt: now,
      createdBy: ctx.actor?.id ?? null,
      archivedAt: null,
      publishedVersionId: null,
    };
    const version = newVersionRow(ctx, {
      templateId: template.id,
      number: 1,
      status: "draft",
      sources,
      note: null,
      basedOn: null,
      at: now,
    });
    await repo.insertTemplate(tx, template);
    await repo.insertVersion(tx, version);
    await recordAudit(txCtx, {
      action: `${TEMPLATE_ENTITY}.created`,
      entity: TEMPLATE_ENTITY,
      entityId: template.id,
      after: { name: template.name, description: template.description, versionId: version.id },
    });
    await recordAudit(txCtx, {
      action: `${VERSION_ENTITY}.created`,
      entity: VERSION_ENTITY,
      entityId: version.id,
      before: null,
      after: auditVersion(version),
    });
    return toDetail(template, [version]);
  });
}

function newVersionRow(
  ctx: ServiceContext,
  values: Pick<VersionRow, "templateId" | "number" | "status" | "sources" | "note" | "basedOn"> & {
    at: Date;
  },
): VersionRow {
  const { at, ...rest } = values;
  return {
    id: ctx.ids.uuid(),
    ...rest,
    authorId: ctx.actor?.id ?? null,
    authorName: ctx.actor?.name ?? null,
    createdAt: at,
    updatedAt: at,
    submittedAt: null,
    reviewedBy: null,
    reviewedByName: null,
    reviewedAt: null,
    reviewComment: null,
    publishedAt: null,
    publishedBy: null,
  };
}

export async function updateTemplate(
  ctx: ServiceContext,
  id: string,
  input: UpdateTemplateInput,
): Promise<TemplateSummaryView> {
  return withTransaction(ctx.db, async (tx) => {
    const current = await requireTemplate(tx, id, true);
    if (current.archivedAt) throw archived(current);
    const next = {
      name: input.name ?? current.name,
      description:
        input.description === undefined ? current.description : input.description || null,
    };
    let row = current;
    if (next.name !== current.name || next.description !== current.description) {
      row = (await repo.updateTemplateRow(tx, id, next)) ?? current;
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: `${TEMPLATE_ENTITY}.updated`,
          entity: TEMPLATE_ENTITY,
          entityId: id,
          before: { name: current.name, description: current.description },
          after: next,
        },
      );
    }
    return toSummary(row, await repo.listVersionMetas(tx, [id]));
  });
}

/** Archives a template nobody uses: no rule assigns it and it is not the default template. */
export async function archiveTemplate(
  ctx: ServiceContext,
  id: string,
): Promise<TemplateSummaryView> {
  return withTransaction(ctx.db, async (tx) => {
    const current = await requireTemplate(tx, id, true);
    if (current.archivedAt) return toSummary(current, await repo.listVersionMetas(tx, [id]));
    const usage = await repo.templateUsage(tx, id);
    if (usage.rules.length > 0 || usage.isDefault) {
      const names = usage.rules.map((rule) => `« ${rule.name} »`).join(", ");
      const why = [
        usage.rules.length > 0
          ? `${usage.rules.length === 1 ? "la règle" : "les règles"} ${names} l'${usage.rules.length === 1 ? "utilise" : "utilisent"}`
          : null,
        usage.isDefault ? "c'est le modèle par défaut" : null,
      ]
        .filter(Boolean)
        .join(" et ");
      throw conflict(
        "The template is in use: change the rules (or the default template) that use it first.",
        `Le modèle « ${current.name} » ne peut pas être archivé : ${why}. Attribuez d'abord un autre modèle.`,
        { rules: usage.rules, isDefault: usage.isDefault },
      );
    }
    const row = (await repo.updateTemplateRow(tx, id, { archivedAt: ctx.clock.now() })) ?? current;
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: `${TEMPLATE_ENTITY}.archived`,
        entity: TEMPLATE_ENTITY,
        entityId: id,
        before: { archivedAt: null },
        after: { archivedAt: iso(row.archivedAt) },
      },
    );
    return toSummary(row, await repo.listVersionMetas(tx, [id]));
  });
}

// ——— Versions ———

export async function getVersion(
  ctx: ServiceContext,
  versionId: string,
): Promise<TemplateVersionView> {
  return toVersionView(await requireVersion(ctx.db, versionId));
}

function openVersionConflict(template: repo.TemplateRow, open: repo.VersionMeta): AppError {
  return conflict(
    `Version ${open.number} is still ${statusLabel[open.status].en}: publish it or have it rejected first.`,
    `La version ${open.number} du modèle « ${template.name} » est encore ${statusLabel[open.status].fr} : une seule version peut être en cours à la fois.`,
    { openVersion: { id: open.id, number: open.number, status: open.status } },
  );
}

/** A new draft copied from `fromVersionId`, by default the published version, else the latest. */
export async function createVersion(
  ctx: ServiceContext,
  templateId: string,
  input: { fromVersionId?: string | undefined },
): Promise<TemplateVersionView> {
  return withTransaction(ctx.db, async (tx) => {
    const template = await requireTemplate(tx, templateId, true);
    if (template.archivedAt) throw archived(template);
    const open = await repo.findOpenVersion(tx, templateId);
    if (open) throw openVersionConflict(template, open);
    const fromId = input.fromVersionId ?? template.publishedVersionId;
    let from: VersionRow | null = null;
    if (fromId) {
      from = await repo.findVersion(tx, fromId);
      if (!from || from.templateId !== templateId) {
        throw invalid(
          "fromVersionId is not a version of this template.",
          "La version de départ n'appartient pas à ce modèle.",
          { field: "fromVersionId" },
        );
      }
    } else {
      [from = null] = await repo.listVersions(tx, templateId);
    }
    if (!from) throw notFound("Template version", { templateId });
    const version = newVersionRow(ctx, {
      templateId,
      number: await repo.nextVersionNumber(tx, templateId),
      status: "draft",
      sources: from.sources,
      note: null,
      basedOn: from.id,
      at: ctx.clock.now(),
    });
    await repo.insertVersion(tx, version);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: `${VERSION_ENTITY}.created`,
        entity: VERSION_ENTITY,
        entityId: version.id,
        before: null,
        after: { ...auditVersion(version), basedOn: from.id, basedOnNumber: from.number },
      },
    );
    return toVersionView(version);
  });
}

/**
 * Replaces a draft's sources and note (If-Match). Editing a rejected version makes it a draft
 * again, unless another version is in progress meanwhile. Email-safety problems come back as
 * warnings and do not block saving; compile errors do.
 */
export async function updateVersion(
  ctx: ServiceContext,
  params: { versionId: string; expected: ExpectedVersion; input: UpdateVersionInput },
): Promise<TemplateVersionView & { warnings: SourceSafetyIssue[] }> {
  const sources = normalizeSources(params.input.sources);
  const note = params.input.note || null;
  const saved = await withTransaction(ctx.db, async (tx) => {
    const { template, version } = await lockVersion(tx, params.versionId);
    if (template.archivedAt) throw archived(template);
    if (version.status !== "draft" && version.status !== "rejected") {
      throw wrongState(version, { fr: "modifiée", en: "edited" }, ["draft", "rejected"]);
    }
    // An identical retry succeeds without a change, whatever the ETag it carries.
    if (
      version.status === "draft" &&
      version.note === note &&
      sameSources(version.sources, sources)
    ) {
      return version;
    }
    const currentEtag = versionEtag(version);
    if (!matchesExpected(params.expected, currentEtag)) {
      throw conflict(
        "The version changed since it was read: reload it and apply your change again.",
        "La version a été modifiée depuis votre lecture : rechargez-la puis refaites votre modification.",
        { currentEtag },
      );
    }
    const errors = compileSources(sources);
    if (errors.length > 0) throw compileFailure(errors);
    if (version.status === "rejected") {
      const open = await repo.findOpenVersion(tx, version.templateId, version.id);
      if (open) throw openVersionConflict(template, open);
    }
    const row = await repo.transitionVersion(
      tx,
      version.id,
      [version.status],
      { sources, note, status: "draft", updatedAt: nextInstant(ctx, version.updatedAt) },
      version.updatedAt,
    );
    if (!row) throw conflict("The version changed meanwhile.", "La version a changé entre-temps.");
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: `${VERSION_ENTITY}.updated`,
        entity: VERSION_ENTITY,
        entityId: version.id,
        before: { ...auditVersion(version), note: version.note },
        after: {
          ...auditVersion(row),
          note: row.note,
          changed: changedSlots(version.sources, sources),
        },
      },
    );
    return row;
  });
  return { ...toVersionView(saved), warnings: draftWarnings(saved.sources) };
}

function changedSlots(before: TemplateSources, after: TemplateSources): string[] {
  const changed: string[] = [];
  for (const language of TEMPLATE_LANGUAGES) {
    for (const variant of TEMPLATE_VARIANTS) {
      const a: string | undefined = before[language]?.[variant];
      const b: string | undefined = after[language]?.[variant];
      if (a !== b) changed.push(`${language}.${variant}`);
    }
  }
  return changed;
}

/** Moves a version from `from` to `set.status` if nobody moved it first; audits the change. */
async function transition(
  ctx: ServiceContext,
  tx: Transaction,
  version: VersionRow,
  change: {
    from: VersionStatus;
    set: Parameters<typeof repo.transitionVersion>[3] & { status: VersionStatus };
    action: string;
    verb: { fr: string; en: string };
    audit?: Record<string, unknown>;
    sameContent?: boolean;
  },
): Promise<VersionRow> {
  const row = await repo.transitionVersion(
    tx,
    version.id,
    [change.from],
    { ...change.set, updatedAt: nextInstant(ctx, version.updatedAt) },
    change.sameContent ? version.updatedAt : undefined,
  );
  if (!row) {
    const now = await requireVersion(tx, version.id);
    if (now.status === change.from) {
      throw conflict(
        "The version changed meanwhile: reload it and try again.",
        "La version a été modifiée entre-temps : rechargez-la puis réessayez.",
        { versionId: version.id, currentStatus: now.status, currentEtag: versionEtag(now) },
      );
    }
    throw wrongState(now, change.verb, [change.from]);
  }
  await recordAudit(
    { ...ctx, db: tx },
    {
      action: `${VERSION_ENTITY}.${change.action}`,
      entity: VERSION_ENTITY,
      entityId: version.id,
      before: auditVersion(version),
      after: { ...auditVersion(row), ...change.audit },
    },
  );
  return row;
}

/**
 * Draft → submitted, only if every source compiles and renders email-safe (no error, 30,000
 * characters at most) with the example view, with a photo and a banner, and nearly empty.
 */
export async function submitVersion(
  ctx: ServiceContext,
  versionId: string,
): Promise<TemplateVersionView> {
  const version = await requireVersion(ctx.db, versionId);
  const verb = { fr: "soumise", en: "submitted" };
  if (version.status !== "draft") throw wrongState(version, verb, ["draft"]);
  const template = await requireTemplate(ctx.db, version.templateId);
  if (template.archivedAt) throw archived(template);
  const problems = submissionProblems(version.sources);
  if (problems.errors.length > 0 || problems.emailSafety.length > 0) {
    throw invalid(
      "The version cannot be submitted: fix the errors listed.",
      "La version ne peut pas être soumise : corrigez les erreurs listées (compilation ou compatibilité avec les messageries).",
      { errors: problems.errors, emailSafety: problems.emailSafety },
    );
  }
  const row = await withTransaction(ctx.db, (tx) =>
    // Still the content that was checked: an edit in between makes this a conflict.
    transition(ctx, tx, version, {
      from: "draft",
      set: { status: "submitted", submittedAt: ctx.clock.now() },
      action: "submitted",
      verb,
      sameContent: true,
    }),
  );
  return toVersionView(row);
}

/** Separation of duties: whoever created, edited or submitted the version cannot approve it. */
async function assertNotContributor(ctx: ServiceContext, version: VersionRow): Promise<void> {
  const actorId = ctx.actor?.id;
  if (!actorId) {
    throw new AppError("forbidden", "Only a signed-in approver can approve a version.");
  }
  let contributed = version.authorId === actorId;
  if (!contributed) {
    const rows = await listAuditRows(ctx.db, {
      entity: VERSION_ENTITY,
      entityId: version.id,
      limit: 500,
    });
    contributed = rows.some((row) => row.actorId === actorId && CONTENT_ACTIONS.has(row.action));
  }
  if (contributed) {
    throw new AppError("forbidden", "You cannot approve a version you wrote or edited.", {
      reason: "own_version",
      message: {
        fr: "Vous ne pouvez pas approuver une version que vous avez rédigée ou modifiée : une autre personne doit la relire.",
        en: "You cannot approve a version you wrote or edited: someone else must review it.",
      },
    });
  }
}

export async function approveVersion(
  ctx: ServiceContext,
  versionId: string,
  input: { comment?: string | null | undefined },
): Promise<TemplateVersionView> {
  const version = await requireVersion(ctx.db, versionId);
  const verb = { fr: "approuvée", en: "approved" };
  if (version.status !== "submitted") throw wrongState(version, verb, ["submitted"]);
  await assertNotContributor(ctx, version);
  const comment = input.comment || null;
  const row = await withTransaction(ctx.db, (tx) =>
    transition(ctx, tx, version, {
      from: "submitted",
      set: {
        status: "approved",
        reviewedBy: ctx.actor?.id ?? null,
        reviewedByName: ctx.actor?.name ?? null,
        reviewedAt: ctx.clock.now(),
        reviewComment: comment,
      },
      action: "approved",
      verb,
      audit: { comment },
    }),
  );
  return toVersionView(row);
}

export async function rejectVersion(
  ctx: ServiceContext,
  versionId: string,
  input: { comment: string },
): Promise<TemplateVersionView> {
  const version = await requireVersion(ctx.db, versionId);
  const verb = { fr: "rejetée", en: "rejected" };
  if (version.status !== "submitted") throw wrongState(version, verb, ["submitted"]);
  const row = await withTransaction(ctx.db, (tx) =>
    transition(ctx, tx, version, {
      from: "submitted",
      set: {
        status: "rejected",
        reviewedBy: ctx.actor?.id ?? null,
        reviewedByName: ctx.actor?.name ?? null,
        reviewedAt: ctx.clock.now(),
        reviewComment: input.comment,
      },
      action: "rejected",
      verb,
      audit: { comment: input.comment },
    }),
  );
  return toVersionView(row);
}

/** Makes `version` the one agents get: the previous published one is retired. */
async function makePublished(
  ctx: ServiceContext,
  tx: Transaction,
  template: repo.TemplateRow,
  versionId: string,
): Promise<void> {
  const now = ctx.clock.now();
  const retired = await repo.retirePublished(tx, template.id, versionId, now);
  await repo.updateTemplateRow(tx, template.id, { publishedVersionId: versionId });
  for (const old of retired) {
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: `${VERSION_ENTITY}.retired`,
        entity: VERSION_ENTITY,
        entityId: old.id,
        before: { ...auditVersion(old), status: "published" },
        after: { ...auditVersion(old), replacedBy: versionId },
      },
    );
  }
}

export async function publishVersion(
  ctx: ServiceContext,
  versionId: string,
): Promise<TemplateVersionView> {
  return withTransaction(ctx.db, async (tx) => {
    const { template, version } = await lockVersion(tx, versionId);
    if (template.archivedAt) throw archived(template);
    const verb = { fr: "publiée", en: "published" };
    if (version.status !== "approved") throw wrongState(version, verb, ["approved"]);
    const row = await transition(ctx, tx, version, {
      from: "approved",
      set: {
        status: "published",
        publishedAt: ctx.clock.now(),
        publishedBy: ctx.actor?.id ?? null,
      },
      action: "published",
      verb,
      audit: { previousVersionId: template.publishedVersionId },
    });
    await makePublished(ctx, tx, template, row.id);
    return toVersionView(row);
  });
}

/**
 * Publishes again the sources of a version published before, as a new version (approved once
 * already, so it skips review). The version in progress, if any, stays as it is.
 */
export async function rollbackTemplate(
  ctx: ServiceContext,
  templateId: string,
  input: { toVersionId: string },
): Promise<TemplateVersionView> {
  return withTransaction(ctx.db, async (tx) => {
    const template = await requireTemplate(tx, templateId, true);
    if (template.archivedAt) throw archived(template);
    const target = await repo.findVersion(tx, input.toVersionId);
    if (!target || target.templateId !== templateId) {
      throw invalid(
        "toVersionId is not a version of this template.",
        "Cette version n'appartient pas à ce modèle.",
        { field: "toVersionId" },
      );
    }
    if (!target.publishedAt) {
      throw invalid(
        "Only a version that was published before can be restored.",
        `La version ${target.number} n'a jamais été publiée : seule une version déjà publiée peut être rétablie.`,
        { field: "toVersionId", status: target.status },
      );
    }
    if (target.id === template.publishedVersionId) {
      throw conflict(
        `Version ${target.number} is already the published version.`,
        `La version ${target.number} est déjà la version publiée.`,
        { versionId: target.id },
      );
    }
    const now = ctx.clock.now();
    const version: VersionRow = {
      ...newVersionRow(ctx, {
        templateId,
        number: await repo.nextVersionNumber(tx, templateId),
        status: "published",
        sources: target.sources,
        note: `Retour à la version ${target.number}`,
        basedOn: target.id,
        at: now,
      }),
      publishedAt: now,
      publishedBy: ctx.actor?.id ?? null,
    };
    await repo.insertVersion(tx, version);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: `${VERSION_ENTITY}.rolled_back`,
        entity: VERSION_ENTITY,
        entityId: version.id,
        before: { publishedVersionId: template.publishedVersionId },
        after: { ...auditVersion(version), basedOn: target.id, basedOnNumber: target.number },
      },
    );
    await makePublished(ctx, tx, template, version.id);
    return toVersionView(version);
  });
}

/**
 * What changes for agents between two versions of one template, per language and variant. A
 * variant written in neither version is left out (its fallback's own entry shows the change);
 * one that falls back on one side is compared with the source it falls back to, named in the
 * patch header.
 */
export async function diffVersions(
  ctx: ServiceContext,
  aId: string,
  bId: string,
): Promise<VersionDiffView> {
  const a = await requireVersion(ctx.db, aId);
  const b = await requireVersion(ctx.db, bId);
  if (a.templateId !== b.templateId) {
    throw invalid(
      "The two versions belong to different templates.",
      "Les deux versions n'appartiennent pas au même modèle.",
    );
  }
  const changes: VersionDiffView["changes"] = [];
  for (const language of TEMPLATE_LANGUAGES) {
    for (const variant of TEMPLATE_VARIANTS) {
      const writtenA = a.sources[language]?.[variant] !== undefined;
      const writtenB = b.sources[language]?.[variant] !== undefined;
      if (!writtenA && !writtenB) continue;
      const before = resolveTemplateSource(a.sources, language, variant);
      const after = resolveTemplateSource(b.sources, language, variant);
      if (before.source === after.source) continue;
      const header = (side: typeof before, written: boolean) =>
        written ? undefined : `repli sur ${side.language}.${side.variant}`;
      const patch = createTwoFilesPatch(
        `version ${a.number}`,
        `version ${b.number}`,
        before.source,
        after.source,
        header(before, writtenA),
        header(after, writtenB),
      );
      let added = 0;
      let removed = 0;
      for (const part of diffLines(before.source, after.source)) {
        if (part.added) added += part.count;
        else if (part.removed) removed += part.count;
      }
      changes.push({ language, variant, patch, added, removed });
    }
  }
  return { from: { id: a.id, number: a.number }, to: { id: b.id, number: b.number }, changes };
}

// ——— Seeding ———

/**
 * Inserts a template Relais ships, its version 1 already published, unless a template with
 * that key exists (then nothing changes: the team may have edited it). Audited as the system.
 */
export async function createBuiltinTemplate(
  ctx: ServiceContext,
  input: { builtinKey: string; name: string; description: string | null; sources: TemplateSources },
): Promise<{ id: string; publishedVersionId: string | null; created: boolean }> {
  const sources = normalizeSources(input.sources);
  const errors = compileSources(sources);
  if (errors.length > 0) {
    throw new Error(
      `Built-in template ${input.builtinKey} does not compile: ${JSON.stringify(errors.slice(0, 3))}`,
    );
  }
  return withTransaction(ctx.db, async (tx) => {
    const system: ServiceContext = { ...ctx, db: tx, actor: null };
    const now = ctx.clock.now();
    const templateId = ctx.ids.uuid();
    const version: VersionRow = {
      ...newVersionRow(system, {
        templateId,
        number: 1,
        status: "published",
        sources,
        note: null,
        basedOn: null,
        at: now,
      }),
      publishedAt: now,
    };
    const inserted = await repo.insertBuiltinTemplate(tx, {
      id: templateId,
      builtinKey: input.builtinKey,
      name: input.name,
      description: input.description,
      createdAt: now,
      createdBy: null,
      archivedAt: null,
      publishedVersionId: version.id,
    });
    if (!inserted) {
      const existing = await repo.findTemplateByBuiltinKey(tx, input.builtinKey);
      if (!existing) throw new Error(`Built-in template ${input.builtinKey} vanished`);
      return { id: existing.id, publishedVersionId: existing.publishedVersionId, created: false };
    }
    await repo.insertVersion(tx, version);
    await recordAudit(system, {
      action: `${TEMPLATE_ENTITY}.created`,
      entity: TEMPLATE_ENTITY,
      entityId: templateId,
      after: { name: input.name, builtinKey: input.builtinKey, versionId: version.id },
    });
    await recordAudit(system, {
      action: `${VERSION_ENTITY}.published`,
      entity: VERSION_ENTITY,
      entityId: version.id,
      before: null,
      after: auditVersion(version),
    });
    return { id: templateId, publishedVersionId: version.id, created: true };
  });
}
