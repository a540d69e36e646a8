import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamptz } from "./columns";

/** The staff directory as synced from Entra ID: Entra's values only (overrides live apart). */
export const agents = pgTable(
  "agents",
  {
    id: text("id").primaryKey(),
    displayName: text("display_name"),
    givenName: text("given_name"),
    surname: text("surname"),
    mail: text("mail"),
    userPrincipalName: text("user_principal_name"),
    jobTitle: text("job_title"),
    department: text("department"),
    companyName: text("company_name"),
    officeLocation: text("office_location"),
    streetAddress: text("street_address"),
    postalCode: text("postal_code"),
    city: text("city"),
    businessPhones: jsonb("business_phones").$type<string[]>().notNull().default([]),
    mobilePhone: text("mobile_phone"),
    preferredLanguage: text("preferred_language"),
    accountEnabled: boolean("account_enabled").notNull().default(true),
    userType: text("user_type"),
    employeeId: text("employee_id"),
    managerId: text("manager_id"),
    /** Set when Entra reports the user removed with reason "changed" (soft-deleted, restorable). */
    softDeletedAt: timestamptz("soft_deleted_at"),
    photoEtag: text("photo_etag"),
    photoHash: text("photo_hash"),
    photoContentType: text("photo_content_type"),
    photoCheckedAt: timestamptz("photo_checked_at"),
    syncedAt: timestamptz("synced_at").notNull(),
    /** When a sync first wrote this agent (its photo is checked in that same run). */
    firstSyncedAt: timestamptz("first_synced_at").notNull().defaultNow(),
    /** Searched fields folded by the application on every write (`searchTextOf`). */
    searchText: text("search_text").notNull().default(""),
  },
  (table) => [
    index("agents_department_idx").on(table.department),
    index("agents_office_idx").on(table.officeLocation),
    index("agents_manager_idx").on(table.managerId),
    // Mailbox addresses are looked up in any case (the add-in's From account).
    index("agents_mail_lower_idx").on(sql`lower(${table.mail})`),
    index("agents_upn_lower_idx").on(sql`lower(${table.userPrincipalName})`),
  ],
);

/** What the communication team sets locally per agent; never written by the sync. */
export const agentOverrides = pgTable("agent_overrides", {
  agentId: text("agent_id")
    .primaryKey()
    .references(() => agents.id, { onDelete: "cascade" }),
  displayName: text("display_name"),
  jobTitle: text("job_title"),
  department: text("department"),
  mobilePhone: text("mobile_phone"),
  hideMobilePhone: boolean("hide_mobile_phone").notNull().default(false),
  hideBusinessPhones: boolean("hide_business_phones").notNull().default(false),
  pronouns: text("pronouns"),
  extraLine: text("extra_line"),
  /** entra: Entra's photo; hidden: none; custom: `customPhotoHash`. */
  photoMode: text("photo_mode", { enum: ["entra", "hidden", "custom"] })
    .notNull()
    .default("entra"),
  customPhotoHash: text("custom_photo_hash"),
  updatedAt: timestamptz("updated_at").notNull(),
  updatedBy: text("updated_by"),
});

export const directoryGroups = pgTable("directory_groups", {
  id: text("id").primaryKey(),
  displayName: text("display_name"),
  description: text("description"),
  mailNickname: text("mail_nickname"),
  syncedAt: timestamptz("synced_at").notNull(),
});

export const directoryGroupMembers = pgTable(
  "directory_group_members",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => directoryGroups.id, { onDelete: "cascade" }),
    agentId: text("agent_id").notNull(),
    /** The last full groups round that saw this membership: the sweep removes the others. */
    fullRound: text("full_round"),
  },
  (table) => [
    primaryKey({ columns: [table.groupId, table.agentId] }),
    index("directory_group_members_agent_idx").on(table.agentId),
  ],
);

/** The deltaLink of the last completed round, per resource (users, groups). */
export const directorySyncState = pgTable("directory_sync_state", {
  resource: text("resource").primaryKey(),
  deltaLink: text("delta_link").notNull(),
  roundCompletedAt: timestamptz("round_completed_at").notNull(),
});

export const directorySyncRuns = pgTable(
  "directory_sync_runs",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind", { enum: ["full", "incremental"] }).notNull(),
    trigger: text("trigger", { enum: ["schedule", "manual", "cli", "startup"] }).notNull(),
    outcome: text("outcome", { enum: ["running", "succeeded", "failed"] }).notNull(),
    startedAt: timestamptz("started_at").notNull(),
    finishedAt: timestamptz("finished_at"),
    pages: integer("pages").notNull().default(0),
    requests: integer("requests").notNull().default(0),
    added: integer("added").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    deactivated: integer("deactivated").notNull().default(0),
    removed: integer("removed").notNull().default(0),
    photosFetched: integer("photos_fetched").notNull().default(0),
    groupsChanged: integer("groups_changed").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    throttledWaits: integer("throttled_waits").notNull().default(0),
    throttledMs: integer("throttled_ms").notNull().default(0),
    restartedAsFull: boolean("restarted_as_full").notNull().default(false),
    error: text("error"),
    details: jsonb("details"),
  },
  (table) => [index("directory_sync_runs_started_idx").on(table.startedAt)],
);
