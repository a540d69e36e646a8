import type { LocalizedText } from "../template";
import type { TemplateLanguage, TemplateVariant } from "./markup";

/** One template source per kind of message: new mail, reply or forward, meeting invitation. */
export type VariantSources = Readonly<Record<TemplateVariant, string>>;

/** Sources per interface language, then per variant. */
export type TemplateSources = Readonly<Record<TemplateLanguage, VariantSources>>;

export interface BuiltinTemplate {
  /** Stable identifier, e.g. "institutionnel". */
  readonly key: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText;
  readonly sources: TemplateSources;
}
