CREATE INDEX "agents_mail_lower_idx" ON "agents" USING btree (lower("mail"));--> statement-breakpoint
CREATE INDEX "agents_upn_lower_idx" ON "agents" USING btree (lower("user_principal_name"));