import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { signatureRules, signatureSettings, signatureTemplates } from "../../db/schema";

export type RuleRow = typeof signatureRules.$inferSelect & { templateName: string | null };

export async function listRules(db: DbOrTx): Promise<RuleRow[]> {
  const rows = await db
    .select({ rule: signatureRules, templateName: signatureTemplates.name })
    .from(signatureRules)
    .leftJoin(signatureTemplates, eq(signatureTemplates.id, signatureRules.templateId))
    .orderBy(asc(signatureRules.priority), asc(signatureRules.createdAt));
  return rows.map((row) => ({ ...row.rule, templateName: row.templateName }));
}

export async function findRule(db: DbOrTx, id: string): Promise<RuleRow | undefined> {
  return (await listRules(db)).find((rule) => rule.id === id);
}

export async function insertRule(db: DbOrTx, row: typeof signatureRules.$inferInsert) {
  await db.insert(signatureRules).values(row);
}

export async function updateRule(
  db: DbOrTx,
  id: string,
  values: Partial<typeof signatureRules.$inferInsert>,
) {
  await db.update(signatureRules).set(values).where(eq(signatureRules.id, id));
}

export async function deleteRule(db: DbOrTx, id: string) {
  await db.delete(signatureRules).where(eq(signatureRules.id, id));
}

export async function readDefaultTemplateId(db: DbOrTx): Promise<string | null> {
  const [row] = await db
    .select()
    .from(signatureSettings)
    .where(eq(signatureSettings.id, "default"));
  return row?.defaultTemplateId ?? null;
}

export async function writeDefaultTemplateId(db: DbOrTx, templateId: string | null, at: Date) {
  await db
    .insert(signatureSettings)
    .values({ id: "default", defaultTemplateId: templateId, updatedAt: at })
    .onConflictDoUpdate({
      target: signatureSettings.id,
      set: { defaultTemplateId: templateId, updatedAt: at },
    });
}

export async function templateExists(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: signatureTemplates.id, archivedAt: signatureTemplates.archivedAt })
    .from(signatureTemplates)
    .where(eq(signatureTemplates.id, id));
  return !!row && row.archivedAt === null;
}

export async function templateName(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db
    .select({ name: signatureTemplates.name })
    .from(signatureTemplates)
    .where(eq(signatureTemplates.id, id));
  return row?.name ?? null;
}
