CREATE TABLE "agent_overrides" (
	"agent_id" text PRIMARY KEY NOT NULL,
	"display_name" text,
	"job_title" text,
	"department" text,
	"mobile_phone" text,
	"hide_mobile_phone" boolean DEFAULT false NOT NULL,
	"hide_business_phones" boolean DEFAULT false NOT NULL,
	"pronouns" text,
	"extra_line" text,
	"photo_mode" text DEFAULT 'entra' NOT NULL,
	"custom_photo_hash" text,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text,
	"given_name" text,
	"surname" text,
	"mail" text,
	"user_principal_name" text,
	"job_title" text,
	"department" text,
	"company_name" text,
	"office_location" text,
	"street_address" text,
	"postal_code" text,
	"city" text,
	"business_phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mobile_phone" text,
	"preferred_language" text,
	"account_enabled" boolean DEFAULT true NOT NULL,
	"user_type" text,
	"employee_id" text,
	"manager_id" text,
	"soft_deleted_at" timestamp with time zone,
	"photo_etag" text,
	"photo_hash" text,
	"photo_content_type" text,
	"photo_checked_at" timestamp with time zone,
	"synced_at" timestamp with time zone NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(translate(coalesce(display_name, '') || ' ' || coalesce(mail, '') || ' ' || coalesce(user_principal_name, '') || ' ' || coalesce(job_title, '') || ' ' || coalesce(department, '') || ' ' || coalesce(office_location, ''), 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹĐđØøŁłĦħ', 'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYyDdOoLlHh'))) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_group_members" (
	"group_id" text NOT NULL,
	"agent_id" text NOT NULL,
	CONSTRAINT "directory_group_members_group_id_agent_id_pk" PRIMARY KEY("group_id","agent_id")
);
--> statement-breakpoint
CREATE TABLE "directory_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"display_name" text,
	"description" text,
	"mail_nickname" text,
	"synced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_sync_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"outcome" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"deactivated" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"photos_fetched" integer DEFAULT 0 NOT NULL,
	"groups_changed" integer DEFAULT 0 NOT NULL,
	"retries" integer DEFAULT 0 NOT NULL,
	"throttled_waits" integer DEFAULT 0 NOT NULL,
	"throttled_ms" integer DEFAULT 0 NOT NULL,
	"restarted_as_full" boolean DEFAULT false NOT NULL,
	"error" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "directory_sync_state" (
	"resource" text PRIMARY KEY NOT NULL,
	"delta_link" text NOT NULL,
	"round_completed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_overrides" ADD CONSTRAINT "agent_overrides_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_group_members" ADD CONSTRAINT "directory_group_members_group_id_directory_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."directory_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agents_department_idx" ON "agents" USING btree ("department");--> statement-breakpoint
CREATE INDEX "agents_office_idx" ON "agents" USING btree ("office_location");--> statement-breakpoint
CREATE INDEX "agents_manager_idx" ON "agents" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "directory_group_members_agent_idx" ON "directory_group_members" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "directory_sync_runs_started_idx" ON "directory_sync_runs" USING btree ("started_at");