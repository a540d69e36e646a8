import { z } from "@hono/zod-openapi";
import { TEMPLATE_STATUSES } from "../../db/schema";

// Bidi embeddings and isolates are rejected with the control characters: they can disguise a
// template's name in the console.
const forbiddenCharacters = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

const label = (max: number) =>
  z
    .string()
    .normalize("NFC")
    .trim()
    .max(max)
    .refine((value) => !forbiddenCharacters.test(value), "Control characters are not allowed");

/**
 * Above the compiler's own limit on purpose: a source that is too long is reported by
 * `compileTemplate` with its language and variant, which the editor can point at.
 */
const MAX_SOURCE_CHARACTERS = 100_000;
const source = z.string().max(MAX_SOURCE_CHARACTERS);
const optionalSource = source
  .nullish()
  .openapi({ description: "Empty or absent: falls back (reply/meeting → new, en → fr)" });

export const TemplateSourcesInputSchema = z
  .strictObject({
    fr: z.strictObject({
      new: source.refine((value) => value.trim() !== "", "The French new-mail source is required"),
      reply: optionalSource,
      meeting: optionalSource,
    }),
    en: z
      .strictObject({ new: optionalSource, reply: optionalSource, meeting: optionalSource })
      .nullish(),
  })
  .openapi("TemplateSourcesInput", {
    description:
      "Mustache sources per language and variant. `reply` and `meeting` fall back to `new`, " +
      "then English falls back to French.",
  });

export const TemplateSourcesSchema = z
  .object({
    fr: z.object({ new: z.string(), reply: z.string().optional(), meeting: z.string().optional() }),
    en: z
      .object({
        new: z.string().optional(),
        reply: z.string().optional(),
        meeting: z.string().optional(),
      })
      .optional(),
  })
  .openapi("TemplateSources");

export const TemplateStatusSchema = z.enum(TEMPLATE_STATUSES).openapi("TemplateStatus");

const instant = z.string().openapi({ format: "date-time" });

export const TemplateVersionSchema = z
  .object({
    id: z.uuid(),
    templateId: z.uuid(),
    number: z.int(),
    status: TemplateStatusSchema,
    sources: TemplateSourcesSchema,
    note: z.string().nullable(),
    basedOn: z.uuid().nullable().openapi({ description: "The version this one was copied from" }),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
    submittedAt: instant.nullable(),
    reviewedBy: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    reviewedAt: instant.nullable(),
    reviewComment: z.string().nullable(),
    publishedAt: instant.nullable(),
    publishedBy: z.string().nullable(),
    etag: z.string().openapi({ description: "Send it back in If-Match to edit the version" }),
  })
  .openapi("TemplateVersion");

export type TemplateVersionView = z.infer<typeof TemplateVersionSchema>;

const versionRef = z.object({ id: z.uuid(), number: z.int() });

export const TemplateSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    builtinKey: z.string().nullable(),
    publishedVersion: versionRef
      .extend({ publishedAt: instant.nullable() })
      .nullable()
      .openapi({ description: "What agents get; null until a version is published" }),
    openVersion: versionRef
      .extend({ status: TemplateStatusSchema })
      .nullable()
      .openapi({ description: "The version in progress (draft, submitted or approved), if any" }),
    createdAt: instant,
    updatedAt: instant.openapi({ description: "Latest change to the template or its versions" }),
    archivedAt: instant.nullable(),
  })
  .openapi("TemplateSummary");

export type TemplateSummaryView = z.infer<typeof TemplateSummarySchema>;

export const TemplateDetailSchema = TemplateSummarySchema.extend({
  versions: z.array(TemplateVersionSchema).openapi({ description: "Newest first" }),
}).openapi("TemplateDetail");

export type TemplateDetailView = z.infer<typeof TemplateDetailSchema>;

export const TemplateListSchema = z
  .object({ items: z.array(TemplateSummarySchema) })
  .openapi("TemplateList");

export const CreateTemplateInputSchema = z
  .strictObject({
    name: label(120).min(1),
    description: label(500).nullish(),
    sources: TemplateSourcesInputSchema,
  })
  .openapi("CreateTemplateInput");

export type CreateTemplateInput = z.infer<typeof CreateTemplateInputSchema>;

export const UpdateTemplateInputSchema = z
  .strictObject({
    name: label(120).min(1).optional(),
    description: label(500).nullish(),
  })
  .refine((input) => input.name !== undefined || input.description !== undefined, {
    message: "Give a name or a description",
  })
  .openapi("UpdateTemplateInput");

export type UpdateTemplateInput = z.infer<typeof UpdateTemplateInputSchema>;

export const CreateVersionInputSchema = z
  .strictObject({
    fromVersionId: z
      .uuid()
      .optional()
      .openapi({ description: "Default: the published version, else the latest one" }),
  })
  .openapi("CreateTemplateVersionInput");

export const UpdateVersionInputSchema = z
  .strictObject({
    sources: TemplateSourcesInputSchema,
    note: label(1000).nullish(),
  })
  .openapi("UpdateTemplateVersionInput");

export type UpdateVersionInput = z.infer<typeof UpdateVersionInputSchema>;

export const ApproveInputSchema = z
  .strictObject({ comment: label(2000).nullish() })
  .openapi("ApproveTemplateVersionInput");

export const RejectInputSchema = z
  .strictObject({
    comment: label(2000).min(1, "A comment is required to reject a version"),
  })
  .openapi("RejectTemplateVersionInput");

export const RollbackInputSchema = z
  .strictObject({ toVersionId: z.uuid() })
  .openapi("RollbackTemplateInput");

const localized = z.object({ fr: z.string(), en: z.string() });

export const SafetyIssueSchema = z
  .object({
    language: z.enum(["fr", "en"]),
    variant: z.enum(["new", "reply", "meeting"]),
    views: z.array(z.string()).openapi({ description: "Preview views that reveal the issue" }),
    code: z.string(),
    severity: z.enum(["error", "warning"]),
    message: localized,
    excerpt: z.string().optional(),
    characters: z.int(),
  })
  .openapi("TemplateSafetyIssue");

export const SavedVersionSchema = TemplateVersionSchema.extend({
  warnings: z.array(SafetyIssueSchema).openapi({
    description:
      "Email-safety issues of each source rendered with the example view. They do not block " +
      "saving a draft; those of severity error block its submission.",
  }),
}).openapi("SavedTemplateVersion");

export const VersionDiffSchema = z
  .object({
    from: versionRef,
    to: versionRef,
    changes: z.array(
      z.object({
        language: z.enum(["fr", "en"]),
        variant: z.enum(["new", "reply", "meeting"]),
        patch: z.string().openapi({ description: "Unified diff of the sources agents get" }),
        added: z.int(),
        removed: z.int(),
      }),
    ),
  })
  .openapi("TemplateVersionDiff");

export type VersionDiffView = z.infer<typeof VersionDiffSchema>;

export const TemplateIdParamSchema = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
});

export const VersionIdParamSchema = z.object({
  versionId: z.uuid().openapi({ param: { name: "versionId", in: "path" } }),
});

export const DiffParamSchema = z.object({
  a: z.uuid().openapi({ param: { name: "a", in: "path" }, description: "The older version" }),
  b: z.uuid().openapi({ param: { name: "b", in: "path" }, description: "The newer version" }),
});

export const ListTemplatesQuerySchema = z.object({
  includeArchived: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true"),
});

export const IfMatchHeaderSchema = z.object({
  "if-match": z
    .string()
    .min(1)
    .max(500)
    .openapi({
      param: { name: "if-match", in: "header" },
      description:
        "The version's ETag last read (GET or PUT response), or * to overwrite knowingly",
    }),
});
