import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

/** Template sources per language and variant; `reply` and `meeting` fall back to `new`, English to French. */
export interface TemplateSources {
  fr: { new: string; reply?: string; meeting?: string };
  en?: { new?: string; reply?: string; meeting?: string };
}

/** The commune's brand kit (one row): colours, fonts, logo, links and legal line. */
export const brandKits = pgTable("brand_kits", {
  id: text("id").primaryKey(),
  values: jsonb("values").$type<Record<string, unknown>>().notNull(),
  version: integer("version").notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
  updatedBy: text("updated_by"),
});

export const signatureTemplates = pgTable(
  "signature_templates",
  {
    id: uuid("id").primaryKey(),
    /** Set for the templates Relais ships, so they are seeded once. */
    builtinKey: text("builtin_key"),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: timestamptz("created_at").notNull(),
    createdBy: text("created_by"),
    archivedAt: timestamptz("archived_at"),
    publishedVersionId: uuid("published_version_id"),
  },
  (table) => [uniqueIndex("signature_templates_builtin_idx").on(table.builtinKey)],
);

export const TEMPLATE_STATUSES = [
  "draft",
  "submitted",
  "approved",
  "rejected",
  "published",
  "retired",
] as const;

/** Every version of a template: draft → submitted → approved (by another person) → published. */
export const signatureTemplateVersions = pgTable(
  "signature_template_versions",
  {
    id: uuid("id").primaryKey(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => signatureTemplates.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    status: text("status", { enum: TEMPLATE_STATUSES }).notNull(),
    sources: jsonb("sources").$type<TemplateSources>().notNull(),
    note: text("note"),
    basedOn: uuid("based_on"),
    authorId: text("author_id"),
    authorName: text("author_name"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
    submittedAt: timestamptz("submitted_at"),
    reviewedBy: text("reviewed_by"),
    reviewedByName: text("reviewed_by_name"),
    reviewedAt: timestamptz("reviewed_at"),
    reviewComment: text("review_comment"),
    publishedAt: timestamptz("published_at"),
    publishedBy: text("published_by"),
  },
  (table) => [
    uniqueIndex("signature_template_versions_number_idx").on(table.templateId, table.number),
  ],
);

/** Which template applies to whom; the lowest priority number wins. */
export const signatureRules = pgTable(
  "signature_rules",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    priority: integer("priority").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    target: jsonb("target").$type<Record<string, unknown>>().notNull(),
    templateId: uuid("template_id")
      .notNull()
      .references(() => signatureTemplates.id),
    createdAt: timestamptz("created_at").notNull(),
    createdBy: text("created_by"),
    updatedAt: timestamptz("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (table) => [index("signature_rules_priority_idx").on(table.priority)],
);

/** Tenant-wide signature settings (one row): the template of agents no rule matches. */
export const signatureSettings = pgTable("signature_settings", {
  id: text("id").primaryKey(),
  defaultTemplateId: uuid("default_template_id").references(() => signatureTemplates.id),
  updatedAt: timestamptz("updated_at").notNull(),
});
