-- A counter that moves whenever anything a signature is made of changes (directory, overrides,
-- groups, brand kit, assets, rules, templates, campaigns), whoever writes it: the API caches
-- rendered signatures per generation, and one read of the counter tells every replica whether
-- its cache is still right. A sequence: writers never wait on each other to move it.
CREATE SEQUENCE "signature_generation";--> statement-breakpoint
CREATE FUNCTION "bump_signature_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('signature_generation');
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "agents_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agents" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "agent_overrides_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "agent_overrides" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "directory_group_members_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directory_group_members" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "assets_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assets" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "brand_kits_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "brand_kits" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "signature_templates_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "signature_templates" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "signature_template_versions_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "signature_template_versions" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "signature_rules_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "signature_rules" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "signature_settings_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "signature_settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();--> statement-breakpoint
CREATE TRIGGER "banner_campaigns_signature_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "banner_campaigns" FOR EACH STATEMENT EXECUTE FUNCTION "bump_signature_generation"();
