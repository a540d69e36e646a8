export { BRAND_STYLE_FIELDS, defaultBrandKit, withBrandDefaults } from "./brand-kit";
export {
  LABELS,
  type Labels,
  TEMPLATE_LANGUAGES,
  TEMPLATE_VARIANTS,
  type TemplateLanguage,
  type TemplateVariant,
} from "./markup";
export { builtinTemplates, DEFAULT_BUILTIN_TEMPLATE_KEY, findBuiltinTemplate } from "./templates";
export type { BuiltinTemplate, TemplateSources, VariantSources } from "./types";
