import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

/**
 * Uploaded images (logos, banners, icons), content-addressed: the id is the SHA-256 of the bytes,
 * so a URL never changes meaning and can be cached for a year by any recipient or CDN.
 */
export const assets = pgTable("assets", {
  hash: text("hash").primaryKey(),
  kind: text("kind", { enum: ["logo", "banner", "photo", "icon"] }).notNull(),
  contentType: text("content_type").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  bytes: integer("bytes").notNull(),
  name: text("name"),
  uploadedBy: text("uploaded_by"),
  createdAt: timestamptz("created_at").notNull(),
});

/** Directory photos resized for signatures, made once per source photo and size. */
export const photoRenditions = pgTable(
  "photo_renditions",
  {
    sourceHash: text("source_hash").notNull(),
    size: integer("size").notNull(),
    hash: text("hash").notNull(),
    contentType: text("content_type").notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.sourceHash, table.size] })],
);
