import { and, desc, eq, getTableColumns, inArray, isNull, max, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  signatureRules,
  signatureSettings,
  signatureTemplates,
  signatureTemplateVersions,
  type TEMPLATE_STATUSES,
  type TemplateSources,
} from "../../db/schema";

export type TemplateRow = typeof signatureTemplates.$inferSelect;
export type VersionRow = typeof signatureTemplateVersions.$inferSelect;
export type VersionStatus = (typeof TEMPLATE_STATUSES)[number];
/** A version without its sources: what lists need. */
export type VersionMeta = Omit<VersionRow, "sources">;

const versions = signatureTemplateVersions;
const { sources: _sources, ...versionMetaColumns } = getTableColumns(versions);

export async function listTemplateRows(
  db: DbOrTx,
  options: { includeArchived: boolean },
): Promise<TemplateRow[]> {
  return db
    .select()
    .from(signatureTemplates)
    .where(options.includeArchived ? undefined : isNull(signatureTemplates.archivedAt))
    .orderBy(signatureTemplates.name, signatureTemplates.id);
}

export async function listVersionMetas(
  db: DbOrTx,
  templateIds: readonly string[],
): Promise<VersionMeta[]> {
  if (templateIds.length === 0) return [];
  return db
    .select(versionMetaColumns)
    .from(versions)
    .where(inArray(versions.templateId, [...templateIds]))
    .orderBy(desc(versions.number));
}

export async function findTemplate(db: DbOrTx, id: string): Promise<TemplateRow | null> {
  const [row] = await db.select().from(signatureTemplates).where(eq(signatureTemplates.id, id));
  return row ?? null;
}

/**
 * Locks the template's row until the transaction ends. Every change that could open a second
 * version or move the published one takes it first, so they run one after the other.
 */
export async function lockTemplate(db: DbOrTx, id: string): Promise<TemplateRow | null> {
  const [row] = await db
    .select()
    .from(signatureTemplates)
    .where(eq(signatureTemplates.id, id))
    .for("update");
  return row ?? null;
}

export async function findTemplateByBuiltinKey(
  db: DbOrTx,
  builtinKey: string,
): Promise<TemplateRow | null> {
  const [row] = await db
    .select()
    .from(signatureTemplates)
    .where(eq(signatureTemplates.builtinKey, builtinKey));
  return row ?? null;
}

export async function insertTemplate(
  db: DbOrTx,
  row: typeof signatureTemplates.$inferInsert,
): Promise<void> {
  await db.insert(signatureTemplates).values(row);
}

/** Inserts a built-in template unless one with its key exists; true when it was inserted. */
export async function insertBuiltinTemplate(
  db: DbOrTx,
  row: typeof signatureTemplates.$inferInsert,
): Promise<boolean> {
  const inserted = await db
    .insert(signatureTemplates)
    .values(row)
    .onConflictDoNothing({ target: signatureTemplates.builtinKey })
    .returning({ id: signatureTemplates.id });
  return inserted.length > 0;
}

export async function updateTemplateRow(
  db: DbOrTx,
  id: string,
  set: Partial<Pick<TemplateRow, "name" | "description" | "archivedAt" | "publishedVersionId">>,
): Promise<TemplateRow | null> {
  const [row] = await db
    .update(signatureTemplates)
    .set(set)
    .where(eq(signatureTemplates.id, id))
    .returning();
  return row ?? null;
}

export async function listVersions(db: DbOrTx, templateId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(versions)
    .where(eq(versions.templateId, templateId))
    .orderBy(desc(versions.number));
}

export async function findVersion(db: DbOrTx, id: string): Promise<VersionRow | null> {
  const [row] = await db.select().from(versions).where(eq(versions.id, id));
  return row ?? null;
}

export async function findOpenVersion(
  db: DbOrTx,
  templateId: string,
  exceptId?: string,
): Promise<VersionMeta | null> {
  const open = and(
    eq(versions.templateId, templateId),
    inArray(versions.status, ["draft", "submitted", "approved"]),
    exceptId === undefined ? undefined : ne(versions.id, exceptId),
  );
  const [row] = await db.select(versionMetaColumns).from(versions).where(open).limit(1);
  return row ?? null;
}

export async function nextVersionNumber(db: DbOrTx, templateId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(versions.number) })
    .from(versions)
    .where(eq(versions.templateId, templateId));
  return (row?.last ?? 0) + 1;
}

export async function insertVersion(db: DbOrTx, row: VersionRow): Promise<void> {
  await db.insert(versions).values(row);
}

/**
 * Moves a version on only if it is still in one of the `from` statuses (and, when given, still
 * at `updatedAt`): of two concurrent requests, the second finds nothing to update.
 */
export async function transitionVersion(
  db: DbOrTx,
  id: string,
  from: readonly VersionStatus[],
  set: Partial<Omit<VersionRow, "id" | "templateId" | "number">>,
  updatedAt?: Date,
): Promise<VersionRow | null> {
  const [row] = await db
    .update(versions)
    .set(set)
    .where(
      and(
        eq(versions.id, id),
        inArray(versions.status, [...from]),
        updatedAt === undefined ? undefined : eq(versions.updatedAt, updatedAt),
      ),
    )
    .returning();
  return row ?? null;
}

/** Retires the template's published versions other than `exceptId`; returns those retired. */
export async function retirePublished(
  db: DbOrTx,
  templateId: string,
  exceptId: string,
  at: Date,
): Promise<VersionMeta[]> {
  return db
    .update(versions)
    .set({ status: "retired", updatedAt: at })
    .where(
      and(
        eq(versions.templateId, templateId),
        eq(versions.status, "published"),
        ne(versions.id, exceptId),
      ),
    )
    .returning(versionMetaColumns);
}

/** Rules that assign the template, and whether it is the tenant's default. */
export async function templateUsage(
  db: DbOrTx,
  templateId: string,
): Promise<{ rules: { id: string; name: string }[]; isDefault: boolean }> {
  const rules = await db
    .select({ id: signatureRules.id, name: signatureRules.name })
    .from(signatureRules)
    .where(eq(signatureRules.templateId, templateId))
    .orderBy(signatureRules.priority);
  const [settings] = await db
    .select({ id: signatureSettings.id })
    .from(signatureSettings)
    .where(eq(signatureSettings.defaultTemplateId, templateId))
    .limit(1);
  return { rules, isDefault: settings !== undefined };
}

export interface VersionSources {
  versionId: string;
  templateId: string;
  number: number;
  status: VersionStatus;
  sources: TemplateSources;
  templateName: string;
}

const sourcesColumns = {
  versionId: versions.id,
  templateId: versions.templateId,
  number: versions.number,
  status: versions.status,
  sources: versions.sources,
  templateName: signatureTemplates.name,
};

/** The sources agents get from a template, or null when nothing is published. */
export async function getPublishedSources(
  db: DbOrTx,
  templateId: string,
): Promise<VersionSources | null> {
  const [row] = await db
    .select(sourcesColumns)
    .from(signatureTemplates)
    .innerJoin(versions, eq(versions.id, signatureTemplates.publishedVersionId))
    .where(and(eq(signatureTemplates.id, templateId), eq(versions.status, "published")));
  return row ?? null;
}

/** Any version's sources (previews of drafts); null when the version does not exist. */
export async function getVersionSources(
  db: DbOrTx,
  versionId: string,
): Promise<VersionSources | null> {
  const [row] = await db
    .select(sourcesColumns)
    .from(versions)
    .innerJoin(signatureTemplates, eq(signatureTemplates.id, versions.templateId))
    .where(eq(versions.id, versionId));
  return row ?? null;
}
