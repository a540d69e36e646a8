import { z } from "@hono/zod-openapi";

export const VariantSchema = z.enum(["new", "reply", "meeting"]).openapi({
  description: "new message, reply/forward (short) or meeting invitation",
});

export const MeQuerySchema = z.object({
  variant: VariantSchema.default("new"),
  // Not checked as an address: whatever Outlook reports as the sender (an X.500 address, a
  // display name), the agent still gets a signature, their own when the directory has no match.
  mailbox: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .openapi({
      description:
        "The From address of the message (a shared mailbox, or a manager's for a delegate); " +
        "an address the directory does not know gives the caller's own signature",
    }),
});

export const PreviewQuerySchema = z.object({
  agentId: z.string().min(1).max(200),
  variant: VariantSchema.default("new"),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Instant to render at (banners then), default now" }),
  templateVersionId: z.uuid().optional(),
});

export const RenderedSignatureSchema = z
  .object({
    agentId: z.string(),
    variant: VariantSchema,
    language: z.enum(["fr", "en"]),
    html: z.string(),
    text: z.string(),
    characters: z.number().int(),
    bytes: z.number().int(),
    etag: z.string(),
    template: z.object({
      id: z.string(),
      name: z.string(),
      versionId: z.string(),
      number: z.number().int(),
    }),
    rule: z.object({ id: z.string(), name: z.string() }).nullable(),
    reason: z.object({ fr: z.string(), en: z.string() }),
    banner: z
      .object({
        campaignId: z.string(),
        name: z.string(),
        imageUrl: z.string(),
        clickUrl: z.string(),
      })
      .nullable(),
    validUntil: z.string().nullable(),
  })
  .openapi("RenderedSignature");

export const MySignatureSchema = RenderedSignatureSchema.extend({
  mailbox: z.enum(["self", "mailbox", "unknown"]).openapi({
    description:
      "Whose signature this is: the caller's (self), the requested mailbox's (mailbox), or the " +
      "caller's because the directory does not know the requested address (unknown)",
  }),
}).openapi("MySignature");

export const AssignmentsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  templateId: z.uuid().optional(),
  q: z.string().trim().max(100).optional(),
});

export const AssignmentSchema = z
  .object({
    agentId: z.string(),
    displayName: z.string().nullable(),
    department: z.string().nullable(),
    templateId: z.string().nullable(),
    templateName: z.string().nullable(),
    ruleId: z.string().nullable(),
    ruleName: z.string().nullable(),
    bannerCampaignId: z.string().nullable(),
    bannerName: z.string().nullable(),
  })
  .openapi("Assignment");

export const AssignmentsPageSchema = z
  .object({
    items: z.array(AssignmentSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi("Assignments");

export const ExchangeExportQuerySchema = z.object({
  templateId: z.uuid().optional(),
  language: z.enum(["fr", "en"]).default("fr"),
  scope: z.enum(["all", "external"]).default("all"),
});

export const ExchangeExportSchema = z
  .object({
    templateId: z.string(),
    templateName: z.string(),
    versionNumber: z.number().int(),
    html: z.string(),
    characters: z.number().int(),
    powershell: z.string(),
    notes: z.array(z.object({ fr: z.string(), en: z.string() })),
  })
  .openapi("ExchangeExport");

export const BulkQuerySchema = z.object({
  variant: VariantSchema.default("new"),
  at: z.iso.datetime({ offset: true }).optional(),
});

export const BulkRenderSchema = z
  .object({
    generatedAt: z.string(),
    count: z.number().int(),
    unsigned: z.array(z.string()),
    items: z.array(
      z.object({
        agentId: z.string(),
        templateId: z.string(),
        versionId: z.string(),
        ruleId: z.string().nullable(),
        bannerCampaignId: z.string().nullable(),
        etag: z.string(),
        characters: z.number().int(),
        html: z.string(),
      }),
    ),
  })
  .openapi("BulkRender");
