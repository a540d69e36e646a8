import { AppError } from "../../core/errors";
import type { ServiceContext } from "../context";
import { exportTransportRule } from "./exchange-export";
import { brandFor, type Language, loadCatalog } from "./render.service";
import { compileTemplate } from "./template";
import { getPublishedSources } from "./templates.repo";

export interface ExchangeExportRequest {
  /** Default: the default template. */
  templateId?: string;
  language: Language;
  scope: "all" | "external";
}

/**
 * The Exchange Online transport-rule fallback for mail sent without the add-in: the template's
 * new-message variant with Exchange's own attribute tokens, and the PowerShell to install it.
 */
export async function exportExchangeRule(
  ctx: ServiceContext,
  publicUrl: string,
  request: ExchangeExportRequest,
) {
  const catalog = await loadCatalog(ctx, publicUrl);
  const templateId = request.templateId ?? catalog.defaultTemplateId;
  const version = templateId ? await getPublishedSources(ctx.db, templateId) : null;
  if (!version) {
    throw new AppError("not_found", "No published template to export.", {
      templateId: templateId ?? null,
      message: {
        fr: "Aucun modèle publié à exporter.",
        en: "No published template to export.",
      },
    });
  }
  const source =
    (request.language === "en" ? version.sources.en?.new : undefined) ?? version.sources.fr.new;
  const compiled = compileTemplate(source);
  if (!compiled.ok) throw new AppError("internal", "A published template does not compile.");
  const result = exportTransportRule({
    template: compiled.template,
    brand: brandFor(catalog, request.language),
    scope: request.scope,
  });
  if (!result.ok) {
    throw new AppError("validation_failed", result.message.en, {
      code: result.code,
      characters: result.characters,
      message: result.message,
    });
  }
  return {
    templateId: version.templateId,
    templateName: version.templateName,
    versionNumber: version.number,
    html: result.html,
    characters: result.characters,
    powershell: result.powershell,
    notes: result.notes,
  };
}
