import { z } from "@hono/zod-openapi";
import { OverrideSchema } from "./overrides.schemas";

const nullableText = z.string().nullable();

export const AgentIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" }, description: "Entra object id" }),
});

export const ListUsersQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  department: z.string().trim().min(1).max(200).optional().openapi({
    description: "Exact effective department (the override's when set, else Entra's)",
  }),
  office: z.string().trim().min(1).max(200).optional().openapi({
    description: "Exact Entra officeLocation",
  }),
  active: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .openapi({
      type: "string",
      enum: ["true", "false"],
      description: "true: enabled and not soft-deleted; false: the others; absent: all",
    }),
  q: z.string().max(100).optional().openapi({
    description: "Case- and accent-insensitive substring of name, mail, title, service or office",
  }),
});

export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;

export const EffectiveProfileSchema = z
  .object({
    id: z.string(),
    displayName: nullableText,
    givenName: nullableText,
    surname: nullableText,
    mail: nullableText,
    userPrincipalName: nullableText,
    jobTitle: nullableText,
    department: nullableText,
    companyName: nullableText,
    officeLocation: nullableText,
    streetAddress: nullableText,
    postalCode: nullableText,
    city: nullableText,
    businessPhones: z.array(z.string()),
    mobilePhone: nullableText,
    preferredLanguage: nullableText,
    pronouns: nullableText,
    extraLine: nullableText,
    photoHash: nullableText.openapi({
      description: "Content hash of the photo to show; null: none",
    }),
  })
  .openapi("EffectiveProfile");

export const DirectoryEntrySchema = EffectiveProfileSchema.extend({
  active: z.boolean(),
  softDeleted: z.boolean(),
  managerId: nullableText,
  hasOverride: z.boolean(),
}).openapi("DirectoryEntry");

export const DirectoryPageSchema = z
  .object({
    items: z.array(DirectoryEntrySchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .openapi("DirectoryPage");

export const EntraProfileSchema = EffectiveProfileSchema.omit({ pronouns: true, extraLine: true })
  .extend({ accountEnabled: z.boolean() })
  .openapi("EntraProfile");

const NamedRefSchema = z.object({ id: z.string(), displayName: nullableText });

export const AgentDetailSchema = z
  .object({
    id: z.string(),
    entra: EntraProfileSchema,
    override: OverrideSchema.nullable().openapi({ description: "null: nothing overridden" }),
    effective: EffectiveProfileSchema,
    active: z.boolean(),
    softDeleted: z.boolean(),
    manager: NamedRefSchema.nullable(),
    groups: z.array(NamedRefSchema),
    syncedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("AgentDetail");

const CountSchema = z.object({ name: z.string(), agents: z.number().int() });

export const DepartmentsSchema = z
  .object({ departments: z.array(CountSchema), offices: z.array(CountSchema) })
  .openapi("DirectoryDepartments");

export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;
export type DirectoryPage = z.infer<typeof DirectoryPageSchema>;
export type AgentDetail = z.infer<typeof AgentDetailSchema>;
export type Departments = z.infer<typeof DepartmentsSchema>;
