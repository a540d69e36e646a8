-- The folded search text is now written by the application (searchTextOf): a generated
-- translate() column made every agent upsert ~5 times slower. DROP EXPRESSION keeps the values.
ALTER TABLE "agents" ALTER COLUMN "search_text" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "agents" ALTER COLUMN "search_text" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "first_synced_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "directory_group_members" ADD COLUMN "full_round" text;
