CREATE TABLE "assets" (
	"hash" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"content_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"name" text,
	"uploaded_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "photo_renditions" (
	"source_hash" text NOT NULL,
	"size" integer NOT NULL,
	"hash" text NOT NULL,
	"content_type" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "photo_renditions_source_hash_size_pk" PRIMARY KEY("source_hash","size")
);
--> statement-breakpoint
CREATE TABLE "banner_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"audience" jsonb NOT NULL,
	"placement" text NOT NULL,
	"priority" integer NOT NULL,
	"rotation" boolean DEFAULT false NOT NULL,
	"image_hash" text NOT NULL,
	"image_width" integer NOT NULL,
	"image_height" integer NOT NULL,
	"alt" text NOT NULL,
	"destination_url" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "banner_daily_stats" (
	"campaign_id" uuid NOT NULL,
	"day" date NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "banner_daily_stats_campaign_id_day_pk" PRIMARY KEY("campaign_id","day")
);
--> statement-breakpoint
CREATE TABLE "brand_kits" (
	"id" text PRIMARY KEY NOT NULL,
	"values" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "signature_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"target" jsonb NOT NULL,
	"template_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"default_template_id" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_template_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"template_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"sources" jsonb NOT NULL,
	"note" text,
	"based_on" uuid,
	"author_id" text,
	"author_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewed_by" text,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"published_at" timestamp with time zone,
	"published_by" text
);
--> statement-breakpoint
CREATE TABLE "signature_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"builtin_key" text,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"archived_at" timestamp with time zone,
	"published_version_id" uuid
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"actor_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"status" integer,
	"body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_actor_id_key_pk" PRIMARY KEY("actor_id","key")
);
--> statement-breakpoint
ALTER TABLE "banner_daily_stats" ADD CONSTRAINT "banner_daily_stats_campaign_id_banner_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."banner_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_rules" ADD CONSTRAINT "signature_rules_template_id_signature_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."signature_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_settings" ADD CONSTRAINT "signature_settings_default_template_id_signature_templates_id_fk" FOREIGN KEY ("default_template_id") REFERENCES "public"."signature_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_template_versions" ADD CONSTRAINT "signature_template_versions_template_id_signature_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."signature_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "banner_campaigns_window_idx" ON "banner_campaigns" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "signature_rules_priority_idx" ON "signature_rules" USING btree ("priority");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_template_versions_number_idx" ON "signature_template_versions" USING btree ("template_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_templates_builtin_idx" ON "signature_templates" USING btree ("builtin_key");