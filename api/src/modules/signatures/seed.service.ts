import type { ServiceContext } from "../context";
import { builtinTemplates, DEFAULT_BUILTIN_TEMPLATE_KEY } from "./builtin";
import * as rulesRepo from "./rules.repo";
import { createBuiltinTemplate } from "./templates.service";

/**
 * Makes a new installation usable at once: the built-in Dumbéa templates published, and the
 * default one given to every agent no rule matches. Idempotent; the team's edits are kept.
 */
export async function ensureSignatureDefaults(ctx: ServiceContext): Promise<void> {
  const created = new Map<string, string>();
  for (const template of builtinTemplates) {
    const result = await createBuiltinTemplate(ctx, {
      builtinKey: template.key,
      name: template.name.fr,
      description: template.description.fr,
      sources: {
        fr: { ...template.sources.fr },
        en: { ...template.sources.en },
      },
    });
    if (result.created) created.set(template.key, result.id);
  }
  // Only on the first seed: a default the team cleared on purpose stays cleared.
  const defaultId = created.get(DEFAULT_BUILTIN_TEMPLATE_KEY);
  if (defaultId && (await rulesRepo.readDefaultTemplateId(ctx.db)) === null) {
    await rulesRepo.writeDefaultTemplateId(ctx.db, defaultId, ctx.clock.now());
  }
}
