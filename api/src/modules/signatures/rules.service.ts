import { type ExpectedVersion, matchesExpected } from "../../core/conditional";
import { AppError, notFound } from "../../core/errors";
import { withTransaction } from "../../db/transaction";
import { recordAudit } from "../audit";
import type { ServiceContext } from "../context";
import { loadAgentSubjects } from "../directory";
import { type AssignmentRule, type RuleTarget, resolveTemplate } from "./rule-resolution";
import * as repo from "./rules.repo";
import type { RuleInput, RuleView } from "./rules.schemas";

const etagOf = (rule: repo.RuleRow) => `"rule-${rule.id}-${rule.version}"`;

export function toRuleView(rule: repo.RuleRow): RuleView {
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    enabled: rule.enabled,
    target: rule.target as RuleTarget,
    templateId: rule.templateId,
    templateName: rule.templateName,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    etag: etagOf(rule),
  };
}

export const toAssignmentRule = (rule: repo.RuleRow): AssignmentRule => ({
  id: rule.id,
  name: rule.name,
  priority: rule.priority,
  enabled: rule.enabled,
  target: rule.target as RuleTarget,
  templateId: rule.templateId,
  createdAt: rule.createdAt,
});

async function requireTemplate(ctx: ServiceContext, templateId: string) {
  if (!(await repo.templateExists(ctx.db, templateId))) {
    throw new AppError("validation_failed", "The template does not exist or is archived.", {
      field: "templateId",
      message: {
        fr: "Ce modèle n'existe pas ou a été archivé.",
        en: "This template does not exist or was archived.",
      },
    });
  }
}

export async function listRuleViews(ctx: ServiceContext) {
  const rules = await repo.listRules(ctx.db);
  return {
    items: rules.map(toRuleView),
    defaultTemplateId: await repo.readDefaultTemplateId(ctx.db),
  };
}

export async function createRule(ctx: ServiceContext, input: RuleInput): Promise<RuleView> {
  await requireTemplate(ctx, input.templateId);
  const id = ctx.ids.uuid();
  const now = ctx.clock.now();
  return withTransaction(ctx.db, async (tx) => {
    await repo.insertRule(tx, {
      id,
      ...input,
      target: input.target,
      createdAt: now,
      createdBy: ctx.actor?.id ?? null,
      updatedAt: now,
    });
    await recordAudit(
      { ...ctx, db: tx },
      { action: "signature_rule.created", entity: "signature_rule", entityId: id, after: input },
    );
    const created = await repo.findRule(tx, id);
    if (!created) throw notFound("Rule", { ruleId: id });
    return toRuleView(created);
  });
}

export async function updateRule(
  ctx: ServiceContext,
  id: string,
  input: RuleInput,
  expected: ExpectedVersion,
): Promise<RuleView> {
  await requireTemplate(ctx, input.templateId);
  return withTransaction(ctx.db, async (tx) => {
    const current = await repo.findRule(tx, id);
    if (!current) throw notFound("Rule", { ruleId: id });
    if (!matchesExpected(expected, etagOf(current))) {
      throw new AppError("conflict", "The rule changed since you read it.", {
        currentEtag: etagOf(current),
      });
    }
    await repo.updateRule(tx, id, {
      ...input,
      version: current.version + 1,
      updatedAt: ctx.clock.now(),
    });
    const { etag: _etag, ...before } = toRuleView(current);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "signature_rule.updated",
        entity: "signature_rule",
        entityId: id,
        before,
        after: input,
      },
    );
    const updated = await repo.findRule(tx, id);
    if (!updated) throw notFound("Rule", { ruleId: id });
    return toRuleView(updated);
  });
}

export async function deleteRule(ctx: ServiceContext, id: string): Promise<void> {
  await withTransaction(ctx.db, async (tx) => {
    const current = await repo.findRule(tx, id);
    if (!current) throw notFound("Rule", { ruleId: id });
    await repo.deleteRule(tx, id);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "signature_rule.deleted",
        entity: "signature_rule",
        entityId: id,
        before: toRuleView(current),
      },
    );
  });
}

export async function setDefaultTemplate(ctx: ServiceContext, templateId: string | null) {
  if (templateId) await requireTemplate(ctx, templateId);
  await withTransaction(ctx.db, async (tx) => {
    const before = await repo.readDefaultTemplateId(tx);
    await repo.writeDefaultTemplateId(tx, templateId, ctx.clock.now());
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "signature_settings.default_template_set",
        entity: "signature_settings",
        entityId: "default",
        before: { defaultTemplateId: before },
        after: { defaultTemplateId: templateId },
      },
    );
  });
  return listRuleViews(ctx);
}

/** Which rule gives an agent their template, and why (every rule considered, in order). */
export async function explainRules(ctx: ServiceContext, agentId: string) {
  const subject = (await loadAgentSubjects(ctx, [agentId])).get(agentId);
  if (!subject) throw notFound("Agent", { agentId });
  const rules = await repo.listRules(ctx.db);
  const defaultTemplateId = await repo.readDefaultTemplateId(ctx.db);
  const resolution = resolveTemplate(
    rules.map(toAssignmentRule),
    {
      id: agentId,
      department: subject.profile.department,
      officeLocation: subject.profile.officeLocation,
      groupIds: subject.groupIds,
    },
    defaultTemplateId,
  );
  const winner = resolution.rule ? rules.find((rule) => rule.id === resolution.rule?.id) : null;
  // The default template is named by no rule: read its name.
  const templateName = resolution.templateId
    ? await repo.templateName(ctx.db, resolution.templateId)
    : null;
  return {
    agentId,
    templateId: resolution.templateId,
    templateName,
    rule: winner ? toRuleView(winner) : null,
    reason: resolution.reason,
    considered: resolution.considered,
  };
}
