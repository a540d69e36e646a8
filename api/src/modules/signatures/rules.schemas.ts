import { z } from "@hono/zod-openapi";

const name = z.string().trim().min(1).max(200);

export const RuleTargetSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("agent"), agentId: name }),
    z.object({ kind: z.literal("group"), groupId: name }),
    z.object({ kind: z.literal("department"), department: name }),
    z.object({ kind: z.literal("office"), office: name }),
    z.object({ kind: z.literal("everyone") }),
  ])
  .openapi("RuleTarget");

export const RuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    priority: z.number().int().min(1).max(1000),
    enabled: z.boolean().default(true),
    target: RuleTargetSchema,
    templateId: z.uuid(),
  })
  .strict()
  .openapi("RuleInput");

export const RuleSchema = RuleInputSchema.extend({
  id: z.uuid(),
  templateName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  etag: z.string(),
}).openapi("Rule");

export const RulesPageSchema = z
  .object({
    items: z.array(RuleSchema),
    defaultTemplateId: z.uuid().nullable(),
  })
  .openapi("Rules");

export const DefaultTemplateInputSchema = z
  .object({ templateId: z.uuid().nullable() })
  .strict()
  .openapi("DefaultTemplateInput");

const text = z.object({ fr: z.string(), en: z.string() });

export const ExplanationSchema = z
  .object({
    agentId: z.string(),
    templateId: z.uuid().nullable(),
    templateName: z.string().nullable(),
    rule: RuleSchema.nullable(),
    reason: z.object({ code: z.enum(["rule", "default", "none"]), fr: z.string(), en: z.string() }),
    considered: z.array(z.object({ ruleId: z.string(), matched: z.boolean(), why: text })),
  })
  .openapi("RuleExplanation");

export const RuleIdParamSchema = z.object({ id: z.uuid() });
export const AgentQuerySchema = z.object({ agentId: z.string().min(1).max(200) });

export type RuleInput = z.infer<typeof RuleInputSchema>;
export type RuleView = z.infer<typeof RuleSchema>;
