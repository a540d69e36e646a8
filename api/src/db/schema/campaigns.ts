import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

/** A banner shown under signatures for a period, to an audience. */
export const bannerCampaigns = pgTable(
  "banner_campaigns",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    status: text("status", { enum: ["active", "paused", "archived"] }).notNull(),
    startsAt: timestamptz("starts_at").notNull(),
    /** Exclusive: a campaign "until 31/03 23:59" Nouméa time ends at 01/04 00:00 Nouméa time. */
    endsAt: timestamptz("ends_at"),
    audience: jsonb("audience").$type<Record<string, unknown>>().notNull(),
    placement: text("placement", { enum: ["new", "all"] }).notNull(),
    priority: integer("priority").notNull(),
    rotation: boolean("rotation").notNull().default(false),
    imageHash: text("image_hash").notNull(),
    imageWidth: integer("image_width").notNull(),
    imageHeight: integer("image_height").notNull(),
    alt: text("alt").notNull(),
    destinationUrl: text("destination_url").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    createdBy: text("created_by"),
    updatedAt: timestamptz("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (table) => [index("banner_campaigns_window_idx").on(table.status, table.startsAt)],
);

/** Clicks and impressions per banner per Nouméa day; nothing about recipients is stored. */
export const bannerDailyStats = pgTable(
  "banner_daily_stats",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => bannerCampaigns.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    clicks: integer("clicks").notNull().default(0),
    impressions: integer("impressions").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.campaignId, table.day] })],
);
