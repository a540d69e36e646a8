import { evenementiel } from "./evenementiel";
import { institutionnel } from "./institutionnel";
import { sobre } from "./sobre";
import type { BuiltinTemplate } from "./types";

/** The template a new installation publishes, and the first one listed. */
export const DEFAULT_BUILTIN_TEMPLATE_KEY = "institutionnel";

/**
 * The templates Relais ships, default first. Each has one source per language and variant:
 * - `new`: the full signature (Institutionnel adds the agent's photo when there is one);
 * - `reply`: short — name, job title, department, the commune, one phone (desk, else mobile),
 *   no legal line. The banner slot is kept: banner selection (campaigns/banner-selection,
 *   `placementCovers`) hands a banner to replies only when the campaign targets them, so the
 *   campaign's placement is the one switch and the template never second-guesses it;
 * - `meeting`: for an invitation body — name, job title, department, the commune, both phones,
 *   banner; no email (the invitation names its organiser), no address, no legal line.
 */
export const builtinTemplates: readonly BuiltinTemplate[] = Object.freeze([
  institutionnel,
  sobre,
  evenementiel,
]);

export function findBuiltinTemplate(key: string): BuiltinTemplate | undefined {
  return builtinTemplates.find((template) => template.key === key);
}
