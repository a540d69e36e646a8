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

export interface Assignment {
  agentId: string;
  displayName: string | null;
  department: string | null;
  templateId: string | null;
  templateName: string | null;
  ruleId: string | null;
  ruleName: string | null;
  bannerCampaignId: string | null;
  bannerName: string | null;
}

/** Every active agent's assignment, sorted by name, with the text the search looks in. */
export type AssignmentIndex = readonly { assignment: Assignment; searchText: string }[];

/**
 * "Who gets what": every active agent with the template and the banner they get at `at`, without
 * rendering (rules and campaigns only). The whole directory is resolved: filtering by template
 * needs every agent's resolution, so callers keep the index while nothing it depends on changes.
 */
export async function indexAssignments(
  ctx: Pick<ServiceContext, "db">,
  catalog: SignatureCatalog,
  at: Date,
): Promise<AssignmentIndex> {
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
  const entries = subjects.map((subject, index) => {
    const resolution = resolutions[index];
    const fact = facts[index];
    const banner = fact ? selectBanner(catalog.campaigns, fact, "new", at).campaign : null;
    const assignment: Assignment = {
      agentId: subject.profile.id,
      displayName: subject.profile.displayName,
      department: subject.profile.department,
      templateId: resolution?.templateId ?? null,
      templateName: resolution?.templateId ? (templates.get(resolution.templateId) ?? null) : null,
      ruleId: resolution?.rule?.id ?? null,
      ruleName: resolution?.rule?.name ?? null,
      bannerCampaignId: banner?.id ?? null,
      bannerName: banner?.name ?? null,
    };
    return {
      assignment,
      searchText: foldForSearch(`${assignment.displayName ?? ""} ${assignment.department ?? ""}`),
      sortKey: foldForSearch(assignment.displayName ?? ""),
    };
  });
  entries.sort((a, b) => a.sortKey.localeCompare(b.sortKey));
  return entries.map(({ assignment, searchText }) => ({ assignment, searchText }));
}

/** One page of the index, filtered by template and searched by name or service (accents ignored). */
export function pageAssignments(index: AssignmentIndex, query: AssignmentQuery) {
  const needle = query.q ? foldForSearch(query.q) : "";
  const rows = index
    .filter((entry) => !query.templateId || entry.assignment.templateId === query.templateId)
    .filter((entry) => !needle || entry.searchText.includes(needle));
  const start = (query.page - 1) * query.pageSize;
  return {
    items: rows.slice(start, start + query.pageSize).map((entry) => entry.assignment),
    page: query.page,
    pageSize: query.pageSize,
    total: rows.length,
  };
}
