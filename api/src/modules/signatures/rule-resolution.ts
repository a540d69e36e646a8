import { foldForSearch } from "../../core/search-folding";
import type { LocalizedText } from "./template";

/** Who a rule assigns its template to. */
export type RuleTarget =
  | { kind: "agent"; agentId: string }
  /** An Entra group (`directory_groups.id`). */
  | { kind: "group"; groupId: string }
  /** The agent's effective service (override, else Entra). */
  | { kind: "department"; department: string }
  | { kind: "office"; office: string }
  | { kind: "everyone" };

export type RuleTargetKind = RuleTarget["kind"];

export interface AssignmentRule {
  id: string;
  name: string;
  /** 1 = first, as in the list the team orders by dragging. */
  priority: number;
  enabled: boolean;
  target: RuleTarget;
  templateId: string;
  createdAt: Date;
}

/** What rules look at: the effective profile's service and office, and Entra group membership. */
export interface AgentFacts {
  id: string;
  department: string | null;
  officeLocation: string | null;
  groupIds: readonly string[];
}

/**
 * Display names for ids in explanations. This module never reads the database, so the caller
 * passes what it has loaded (e.g. `directory_groups.display_name`); a missing name shows the id.
 */
export interface RuleLabels {
  group?(groupId: string): string | undefined;
  agent?(agentId: string): string | undefined;
}

export interface ConsideredRule {
  ruleId: string;
  /** Whether the rule's target covers the agent (true also for a match that lost to an earlier rule). */
  matched: boolean;
  why: LocalizedText;
}

export interface Resolution {
  templateId: string | null;
  rule: AssignmentRule | null;
  reason: { code: "rule" | "default" | "none" } & LocalizedText;
  /** Every enabled rule, in evaluation order. */
  considered: ConsideredRule[];
}

/** `resolveTemplate` without the explanations, for bulk use. */
export type BulkResolution = Pick<Resolution, "templateId" | "rule">;

/** Lower wins when priorities are equal: a rule naming the agent beats a broader one. */
export const targetSpecificity: Readonly<Record<RuleTargetKind, number>> = {
  agent: 0,
  group: 1,
  department: 2,
  office: 3,
  everyone: 4,
};

const kindLabels: Readonly<Record<RuleTargetKind, LocalizedText>> = {
  agent: { fr: "agent", en: "agent" },
  group: { fr: "groupe", en: "group" },
  department: { fr: "service", en: "department" },
  office: { fr: "site", en: "office" },
  everyone: { fr: "tous les agents", en: "everyone" },
};

interface RuleKey {
  priority: number;
  specificity: number;
  created: number;
  id: string;
}

function keyOf(rule: AssignmentRule): RuleKey {
  return {
    priority: rule.priority,
    specificity: targetSpecificity[rule.target.kind],
    created: rule.createdAt.getTime(),
    id: rule.id,
  };
}

function compareKeys(a: RuleKey, b: RuleKey): number {
  return (
    a.priority - b.priority ||
    a.specificity - b.specificity ||
    a.created - b.created ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Evaluation order: priority, then specificity, then older first, then id (total and stable). */
export function compareRules(a: AssignmentRule, b: AssignmentRule): number {
  return compareKeys(keyOf(a), keyOf(b));
}

/** Enabled rules in evaluation order. */
export function orderRules(rules: readonly AssignmentRule[]): AssignmentRule[] {
  // Keys are read once per rule, not once per comparison: this runs for every resolution.
  return rules
    .filter((rule) => rule.enabled)
    .map((rule) => ({ rule, key: keyOf(rule) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((entry) => entry.rule);
}

// A directory has a few hundred distinct services and offices, each compared against every
// rule for every agent: folding each spelling once per process is what keeps that cheap.
const FOLD_MEMO_SIZE = 10_000;
const foldMemo = new Map<string, string>();

/**
 * Key for comparing Entra services and offices, which are typed by hand: case, accents,
 * surrounding and repeated spaces, NFD input and typographic apostrophes do not matter
 * ("Direction de l’Enfance " = "direction de l'enfance"). Empty for null or blank.
 */
export function foldDirectoryValue(value: string | null | undefined): string {
  if (!value) return "";
  let folded = foldMemo.get(value);
  if (folded === undefined) {
    folded = foldForSearch(value.normalize("NFC").replace(/[’‘ʼ`´]/g, "'"));
    if (foldMemo.size >= FOLD_MEMO_SIZE) foldMemo.clear();
    foldMemo.set(value, folded);
  }
  return folded;
}

interface FoldedAgent {
  department: string;
  office: string;
}

function targetMatches(target: RuleTarget, agent: AgentFacts, folded: FoldedAgent): boolean {
  switch (target.kind) {
    case "agent":
      return target.agentId === agent.id;
    case "group":
      return agent.groupIds.includes(target.groupId);
    case "department": {
      const wanted = foldDirectoryValue(target.department);
      return wanted !== "" && wanted === folded.department;
    }
    case "office": {
      const wanted = foldDirectoryValue(target.office);
      return wanted !== "" && wanted === folded.office;
    }
    case "everyone":
      return true;
  }
}

function quoted(value: string): LocalizedText {
  return { fr: `« ${value} »`, en: `"${value}"` };
}

function ruleName(rule: AssignmentRule): LocalizedText {
  const name = quoted(rule.name);
  return {
    fr: `règle ${name.fr} (priorité ${rule.priority})`,
    en: `rule ${name.en} (priority ${rule.priority})`,
  };
}

function matchWhy(target: RuleTarget, agent: AgentFacts, labels: RuleLabels): LocalizedText {
  switch (target.kind) {
    case "agent":
      return { fr: "la règle désigne cet agent nommément", en: "the rule names this agent" };
    case "group": {
      const group = quoted(labels.group?.(target.groupId) ?? target.groupId);
      return {
        fr: `l'agent est membre du groupe ${group.fr}`,
        en: `the agent is a member of group ${group.en}`,
      };
    }
    case "department": {
      const actual = quoted(agent.department ?? "");
      const wanted = quoted(target.department);
      return {
        fr: `le service de l'agent, ${actual.fr}, correspond à ${wanted.fr}`,
        en: `the agent's department, ${actual.en}, matches ${wanted.en}`,
      };
    }
    case "office": {
      const actual = quoted(agent.officeLocation ?? "");
      const wanted = quoted(target.office);
      return {
        fr: `le site de l'agent, ${actual.fr}, correspond à ${wanted.fr}`,
        en: `the agent's office, ${actual.en}, matches ${wanted.en}`,
      };
    }
    case "everyone":
      return { fr: "la règle s'applique à tous les agents", en: "the rule applies to everyone" };
  }
}

function missWhy(target: RuleTarget, agent: AgentFacts, labels: RuleLabels): LocalizedText {
  switch (target.kind) {
    case "agent": {
      const other = labels.agent?.(target.agentId) ?? target.agentId;
      return {
        fr: `la règle désigne un autre agent (${other})`,
        en: `the rule names another agent (${other})`,
      };
    }
    case "group": {
      const group = quoted(labels.group?.(target.groupId) ?? target.groupId);
      return {
        fr: `l'agent n'est pas membre du groupe ${group.fr}`,
        en: `the agent is not a member of group ${group.en}`,
      };
    }
    case "department":
      return valueMiss(agent.department, target.department, {
        fr: "le service de l'agent",
        en: "the agent's department",
      });
    case "office":
      return valueMiss(agent.officeLocation, target.office, {
        fr: "le site de l'agent",
        en: "the agent's office",
      });
    case "everyone":
      return { fr: "la règle s'applique à tous les agents", en: "the rule applies to everyone" };
  }
}

function valueMiss(actual: string | null, wanted: string, subject: LocalizedText): LocalizedText {
  const target = quoted(wanted);
  if (foldDirectoryValue(actual) === "") {
    return {
      fr: `${subject.fr} n'est pas renseigné (la règle vise ${target.fr})`,
      en: `${subject.en} is not set (the rule targets ${target.en})`,
    };
  }
  const value = quoted(actual ?? "");
  return {
    fr: `${subject.fr}, ${value.fr}, ne correspond pas à ${target.fr}`,
    en: `${subject.en}, ${value.en}, does not match ${target.en}`,
  };
}

/** Why `winner` comes before `loser`, both matching. */
function precedenceWhy(winner: AssignmentRule, loser: AssignmentRule): LocalizedText {
  const name = quoted(winner.name);
  if (winner.priority !== loser.priority) {
    return {
      fr: `la règle ${name.fr} passe avant (priorité ${winner.priority} contre ${loser.priority})`,
      en: `rule ${name.en} comes first (priority ${winner.priority} vs ${loser.priority})`,
    };
  }
  const winnerKind = kindLabels[winner.target.kind];
  const loserKind = kindLabels[loser.target.kind];
  if (winner.target.kind !== loser.target.kind) {
    return {
      fr: `à priorité égale (${winner.priority}), la règle ${name.fr} est plus précise (${winnerKind.fr} avant ${loserKind.fr})`,
      en: `at equal priority (${winner.priority}), rule ${name.en} is more specific (${winnerKind.en} before ${loserKind.en})`,
    };
  }
  if (winner.createdAt.getTime() !== loser.createdAt.getTime()) {
    return {
      fr: `à priorité et précision égales, la règle ${name.fr} est plus ancienne`,
      en: `at equal priority and specificity, rule ${name.en} is older`,
    };
  }
  return {
    fr: `à priorité, précision et date de création égales, la règle ${name.fr} passe avant par identifiant`,
    en: `at equal priority, specificity and creation date, rule ${name.en} comes first by id`,
  };
}

function capitalized(text: LocalizedText): LocalizedText {
  const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return { fr: upper(text.fr), en: upper(text.en) };
}

function fallbackReason(defaultTemplateId: string | null): Resolution["reason"] {
  return defaultTemplateId === null
    ? {
        code: "none",
        fr: "Aucune règle ne s'applique à cet agent et aucun modèle par défaut n'est défini.",
        en: "No rule applies to this agent and no default template is set.",
      }
    : {
        code: "default",
        fr: "Aucune règle ne s'applique à cet agent : modèle par défaut.",
        en: "No rule applies to this agent: default template.",
      };
}

/**
 * The template for one agent, with the explanation the console shows: the first enabled rule in
 * `compareRules` order whose target covers the agent, else `defaultTemplateId`.
 */
export function resolveTemplate(
  rules: readonly AssignmentRule[],
  agent: AgentFacts,
  defaultTemplateId: string | null,
  labels: RuleLabels = {},
): Resolution {
  const folded: FoldedAgent = {
    department: foldDirectoryValue(agent.department),
    office: foldDirectoryValue(agent.officeLocation),
  };
  let winner: AssignmentRule | null = null;
  const considered: ConsideredRule[] = [];
  for (const rule of orderRules(rules)) {
    const matched = targetMatches(rule.target, agent, folded);
    let why: LocalizedText;
    if (!matched) {
      const miss = missWhy(rule.target, agent, labels);
      why = { fr: `Ne s'applique pas : ${miss.fr}.`, en: `Does not apply: ${miss.en}.` };
    } else if (winner === null) {
      winner = rule;
      const hit = matchWhy(rule.target, agent, labels);
      why = { fr: `Retenue : ${hit.fr}.`, en: `Chosen: ${hit.en}.` };
    } else {
      const hit = matchWhy(rule.target, agent, labels);
      const lost = precedenceWhy(winner, rule);
      why = {
        fr: `S'applique (${hit.fr}), mais ${lost.fr}.`,
        en: `Applies (${hit.en}), but ${lost.en}.`,
      };
    }
    considered.push({ ruleId: rule.id, matched, why });
  }

  if (winner === null) {
    return {
      templateId: defaultTemplateId,
      rule: null,
      reason: fallbackReason(defaultTemplateId),
      considered,
    };
  }
  const name = capitalized(ruleName(winner));
  const hit = matchWhy(winner.target, agent, labels);
  return {
    templateId: winner.templateId,
    rule: winner,
    reason: { code: "rule", fr: `${name.fr} : ${hit.fr}.`, en: `${name.en}: ${hit.en}.` },
    considered,
  };
}

/**
 * `resolveTemplate` for a whole population (re-rendering every signature after a rule change),
 * without explanations. Rules are indexed by target value once, so each agent costs a few map
 * look-ups plus one per group, whatever the number of rules. Results follow `agents`' order.
 */
export function resolveForMany(
  rules: readonly AssignmentRule[],
  agents: readonly AgentFacts[],
  defaultTemplateId: string | null,
): BulkResolution[] {
  const ordered = orderRules(rules);
  // Each index keeps the position of the first rule (in evaluation order) per target value.
  const byAgent = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const byDepartment = new Map<string, number>();
  const byOffice = new Map<string, number>();
  let everyone = Number.POSITIVE_INFINITY;
  const keep = (index: Map<string, number>, key: string, position: number) => {
    if (!index.has(key)) index.set(key, position);
  };
  ordered.forEach((rule, position) => {
    const { target } = rule;
    switch (target.kind) {
      case "agent":
        keep(byAgent, target.agentId, position);
        break;
      case "group":
        keep(byGroup, target.groupId, position);
        break;
      // A blank service or office in a rule matches nobody, as in `targetMatches`.
      case "department": {
        const key = foldDirectoryValue(target.department);
        if (key !== "") keep(byDepartment, key, position);
        break;
      }
      case "office": {
        const key = foldDirectoryValue(target.office);
        if (key !== "") keep(byOffice, key, position);
        break;
      }
      case "everyone":
        everyone = Math.min(everyone, position);
        break;
    }
  });

  const lookup = (index: Map<string, number>, key: string, best: number): number => {
    const position = index.get(key);
    return position !== undefined && position < best ? position : best;
  };

  const results: BulkResolution[] = new Array(agents.length);
  for (let i = 0; i < agents.length; i += 1) {
    const agent = agents[i] as AgentFacts;
    let best = everyone;
    best = lookup(byAgent, agent.id, best);
    if (byDepartment.size > 0)
      best = lookup(byDepartment, foldDirectoryValue(agent.department), best);
    if (byOffice.size > 0) best = lookup(byOffice, foldDirectoryValue(agent.officeLocation), best);
    if (byGroup.size > 0)
      for (const groupId of agent.groupIds) best = lookup(byGroup, groupId, best);
    const rule = ordered[best];
    results[i] = rule
      ? { templateId: rule.templateId, rule }
      : { templateId: defaultTemplateId, rule: null };
  }
  return results;
}
