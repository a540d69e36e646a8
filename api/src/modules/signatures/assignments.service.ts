import { foldForSearch } from "../../core/search-folding";
import { signatureTemplates } from "../../db/schema";
import { selectBanner } from "../campaigns";
import type { ServiceContext } from "../context";
import { loadAgentSubjects } from "../directory";
import type { SignatureCatalog } from "./render.service";
import { resolveForMany } from "./rule-resolution";

export interface AssignmentQuery {
  page: number;
  pageSize: number;
  templateId?: string;
  q?: string;
}

/**
 * "Who gets what": every active agent with the template and the banner they get at `at`, without
 * rendering (rules and campaigns only), filtered and paged.
 */
export async function listAssignments(
  ctx: ServiceContext,
  catalog: SignatureCatalog,
  query: AssignmentQuery,
  at: Date,
) {
  const subjects = [...(await loadAgentSubjects(ctx, "all")).values()].filter((s) => s.active);
  const facts = subjects.map((subject) => ({
    id: subject.profile.id,
    department: subject.profile.department,
    officeLocation: subject.profile.officeLocation,
    groupIds: subject.groupIds,
  }));
  const resolutions = resolveForMany(catalog.rules, facts, catalog.defaultTemplateId);
  const templates = new Map(
    (
      await ctx.db
        .select({ id: signatureTemplates.id, name: signatureTemplates.name })
        .from(signatureTemplates)
    ).map((row) => [row.id, row.name]),
  );
  const needle = query.q ? foldForSearch(query.q) : "";
  const rows = subjects
    .map((subject, index) => {
      const resolution = resolutions[index];
      const fact = facts[index];
      const banner = fact ? selectBanner(catalog.campaigns, fact, "new", at).campaign : null;
      return {
        agentId: subject.profile.id,
        displayName: subject.profile.displayName,
        department: subject.profile.department,
        templateId: resolution?.templateId ?? null,
        templateName: resolution?.templateId
          ? (templates.get(resolution.templateId) ?? null)
          : null,
        ruleId: resolution?.rule?.id ?? null,
        ruleName: resolution?.rule?.name ?? null,
        bannerCampaignId: banner?.id ?? null,
        bannerName: banner?.name ?? null,
      };
    })
    .filter((row) => !query.templateId || row.templateId === query.templateId)
    .filter(
      (row) =>
        !needle ||
        foldForSearch(`${row.displayName ?? ""} ${row.department ?? ""}`).includes(needle),
    )
    .sort((a, b) =>
      foldForSearch(a.displayName ?? "").localeCompare(foldForSearch(b.displayName ?? "")),
    );
  const start = (query.page - 1) * query.pageSize;
  return {
    items: rows.slice(start, start + query.pageSize),
    page: query.page,
    pageSize: query.pageSize,
    total: rows.length,
  };
}
