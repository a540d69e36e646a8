import { describe, expect, it } from "vitest";
import {
  type AgentFacts,
  type AssignmentRule,
  foldDirectoryValue,
  type RuleTarget,
  resolveForMany,
  resolveTemplate,
} from "../../api/src/modules/signatures/rule-resolution";

const helene: AgentFacts = {
  id: "685ddc4d-9f89-4b20-a160-60b5920ca533",
  department: "Communication ",
  officeLocation: "Hôtel de ville",
  groupIds: ["grp-elus", "grp-cadres"],
};

let sequence = 0;
function rule(target: RuleTarget, overrides: Partial<AssignmentRule> = {}): AssignmentRule {
  sequence += 1;
  return {
    id: `rule-${String(sequence).padStart(3, "0")}`,
    name: `Règle ${target.kind}`,
    priority: 1,
    enabled: true,
    target,
    templateId: `tpl-${target.kind}`,
    createdAt: new Date("2026-01-05T00:00:00Z"),
    ...overrides,
  };
}

const targets = {
  agent: { kind: "agent", agentId: helene.id },
  group: { kind: "group", groupId: "grp-elus" },
  department: { kind: "department", department: "communication" },
  office: { kind: "office", office: "hotel de ville" },
  everyone: { kind: "everyone" },
} satisfies Record<string, RuleTarget>;

describe("resolveTemplate: which rule wins", () => {
  it("at equal priority prefers agent, then group, then department, then office, then everyone", () => {
    const order = ["agent", "group", "department", "office", "everyone"] as const;
    // Given in reverse so that input order cannot explain the result.
    const rules = [...order].reverse().map((kind) => rule(targets[kind]));
    for (const [index, kind] of order.entries()) {
      const remaining = rules.filter(
        (r) => !order.slice(0, index).includes(r.target.kind as never),
      );
      const resolution = resolveTemplate(remaining, helene, "tpl-default");
      expect(resolution.rule?.target.kind).toBe(kind);
      expect(resolution.templateId).toBe(`tpl-${kind}`);
      expect(resolution.reason.code).toBe("rule");
    }
  });

  it("lets a lower priority number beat a more specific rule", () => {
    const everyone = rule(targets.everyone, { priority: 1 });
    const agent = rule(targets.agent, { priority: 2 });
    const office = rule(targets.office, { priority: 3 });
    expect(resolveTemplate([office, agent, everyone], helene, null).rule).toBe(everyone);
    expect(resolveTemplate([office, agent, { ...everyone, priority: 4 }], helene, null).rule).toBe(
      agent,
    );
  });

  it("breaks a tie on priority and specificity by the older rule, then by the smaller id", () => {
    const older = rule(targets.group, { id: "b", createdAt: new Date("2026-01-01T00:00:00Z") });
    const newer = rule(targets.group, { id: "a", createdAt: new Date("2026-02-01T00:00:00Z") });
    expect(resolveTemplate([newer, older], helene, null).rule).toBe(older);

    const sameTime = new Date("2026-01-01T00:00:00Z");
    const first = rule(targets.group, { id: "rule-a", createdAt: sameTime });
    const second = rule(targets.group, { id: "rule-b", createdAt: sameTime });
    expect(resolveTemplate([second, first], helene, null).rule).toBe(first);
    expect(resolveTemplate([first, second], helene, null).rule).toBe(first);
  });

  it("ignores disabled rules entirely", () => {
    const disabled = rule(targets.agent, { enabled: false });
    const office = rule(targets.office, { priority: 5 });
    const resolution = resolveTemplate([disabled, office], helene, "tpl-default");
    expect(resolution.rule).toBe(office);
    expect(resolution.considered.map((c) => c.ruleId)).toEqual([office.id]);
    expect(resolveTemplate([disabled], helene, "tpl-default").reason.code).toBe("default");
  });

  it("matches services and offices whatever their case, accents and spacing", () => {
    const cases: [string | null, string, boolean][] = [
      ["Communication ", "communication", true],
      ["  COMMUNICATION", "Communication", true],
      ["Ressources   humaines", "ressources humaines", true],
      ["Élus", "elus", true],
      ["E\u0301lus", "Élus", true],
      ["Direction de l’Enfance", "direction de l'enfance", true],
      ["Communication", "Communications", false],
      [null, "communication", false],
      ["", "", false],
      ["   ", " ", false],
    ];
    for (const [department, wanted, matches] of cases) {
      const agent = { ...helene, department, officeLocation: department };
      const byDepartment = rule({ kind: "department", department: wanted });
      const byOffice = rule({ kind: "office", office: wanted });
      expect(resolveTemplate([byDepartment], agent, null).rule !== null).toBe(matches);
      expect(resolveTemplate([byOffice], agent, null).rule !== null).toBe(matches);
      expect(resolveForMany([byDepartment], [agent], null)[0]?.rule !== null).toBe(matches);
    }
    expect(foldDirectoryValue(" Hôtel  de Ville ")).toBe("hotel de ville");
  });

  it("falls back to the default template when no rule applies", () => {
    const other = rule({ kind: "agent", agentId: "someone-else" });
    const resolution = resolveTemplate([other], helene, "tpl-default");
    expect(resolution).toMatchObject({ templateId: "tpl-default", rule: null });
    expect(resolution.reason.code).toBe("default");
    expect(resolution.reason.fr).toContain("modèle par défaut");
    expect(resolution.reason.en).toContain("default template");
  });

  it("resolves to no template when no rule applies and there is no default", () => {
    const resolution = resolveTemplate([], helene, null);
    expect(resolution).toMatchObject({ templateId: null, rule: null, considered: [] });
    expect(resolution.reason.code).toBe("none");
    expect(resolution.reason.fr).toContain("aucun modèle par défaut");
  });
});

describe("resolveTemplate: explanations", () => {
  it("says in French and English why the winning rule applies", () => {
    const elus = rule(targets.group, { name: "Élus", priority: 1 });
    const labels = { group: (id: string) => (id === "grp-elus" ? "Élus du conseil" : undefined) };
    const resolution = resolveTemplate([elus], helene, null, labels);
    expect(resolution.reason.fr).toBe(
      "Règle « Élus » (priorité 1) : l'agent est membre du groupe « Élus du conseil ».",
    );
    expect(resolution.reason.en).toBe(
      'Rule "Élus" (priority 1): the agent is a member of group "Élus du conseil".',
    );
    expect(resolveTemplate([elus], helene, null).reason.fr).toContain("« grp-elus »");
  });

  it("lists every enabled rule in evaluation order with why it matched, lost or did not match", () => {
    const sameTime = new Date("2026-01-01T00:00:00Z");
    const winner = rule(targets.department, { name: "Com", priority: 2, createdAt: sameTime });
    const missGroup = rule({ kind: "group", groupId: "grp-police" }, { priority: 1 });
    const missOffice = rule({ kind: "office", office: "Koutio" }, { priority: 3 });
    const lostPriority = rule(targets.everyone, { name: "Tous", priority: 9 });
    const lostSpecificity = rule(targets.office, { priority: 2, createdAt: sameTime });
    const lostAge = rule(targets.department, {
      priority: 2,
      createdAt: new Date("2026-03-01T00:00:00Z"),
    });
    const lostId = rule(targets.department, { id: "zz-last", priority: 2, createdAt: sameTime });
    const disabled = rule(targets.agent, { enabled: false });
    const noDepartment = { ...helene, department: null };

    const rules = [lostId, lostPriority, missOffice, disabled, lostAge, lostSpecificity];
    const resolution = resolveTemplate([...rules, winner, missGroup], helene, "tpl-default");
    expect(resolution.rule).toBe(winner);
    expect(resolution.considered.map((c) => c.ruleId)).toEqual([
      missGroup.id,
      winner.id,
      lostId.id,
      lostAge.id,
      lostSpecificity.id,
      missOffice.id,
      lostPriority.id,
    ]);
    const why = new Map(resolution.considered.map((c) => [c.ruleId, c]));
    expect(why.get(missGroup.id)).toMatchObject({ matched: false });
    expect(why.get(missGroup.id)?.why.fr).toBe(
      "Ne s'applique pas : l'agent n'est pas membre du groupe « grp-police ».",
    );
    expect(why.get(winner.id)).toMatchObject({ matched: true });
    expect(why.get(winner.id)?.why.fr).toBe(
      "Retenue : le service de l'agent, « Communication  », correspond à « communication ».",
    );
    expect(why.get(lostId.id)?.why.fr).toContain("passe avant par identifiant");
    expect(why.get(lostAge.id)?.why.fr).toContain("est plus ancienne");
    expect(why.get(lostSpecificity.id)?.why.fr).toContain("plus précise (service avant site)");
    expect(why.get(missOffice.id)?.why.fr).toContain("« Hôtel de ville », ne correspond pas");
    expect(why.get(lostPriority.id)).toMatchObject({ matched: true });
    expect(why.get(lostPriority.id)?.why.fr).toBe(
      "S'applique (la règle s'applique à tous les agents), mais la règle « Com » passe avant (priorité 2 contre 9).",
    );
    expect(why.get(lostPriority.id)?.why.en).toContain("priority 2 vs 9");
    expect(resolveTemplate([winner], noDepartment, null).considered[0]?.why.fr).toContain(
      "n'est pas renseigné",
    );
  });
});

/** Small seeded PRNG so the generated population is the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("resolveForMany", () => {
  it("gives the same answer as resolveTemplate for each of 50,000 generated agents", () => {
    const random = mulberry32(20260301);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const departments = [
      "Communication",
      "communication ",
      "COMMUNICATION",
      "Ressources humaines",
      "ressources  humaines",
      "Direction de l’Enfance",
      "direction de l'enfance",
      "Élus",
      "elus",
      "Police municipale",
      "Urbanisme",
      null,
      "",
    ];
    const offices = ["Hôtel de ville", "hotel de ville", "Koutio", "Dumbéa-sur-Mer", null];
    const groups = Array.from({ length: 60 }, (_, i) => `grp-${i}`);
    const agents: AgentFacts[] = Array.from({ length: 50_000 }, (_, i) => ({
      id: `agent-${i}`,
      department: pick(departments),
      officeLocation: pick(offices),
      groupIds: Array.from({ length: Math.floor(random() * 5) }, () => pick(groups)),
    }));
    const createdAt = [1, 2, 3].map((day) => new Date(Date.UTC(2026, 0, day)));
    const rules: AssignmentRule[] = Array.from({ length: 200 }, (_, i) => {
      const roll = random();
      const target: RuleTarget =
        roll < 0.3
          ? { kind: "agent", agentId: `agent-${Math.floor(random() * 50_000)}` }
          : roll < 0.6
            ? { kind: "group", groupId: pick(groups) }
            : roll < 0.8
              ? { kind: "department", department: pick(departments) ?? "Finances" }
              : roll < 0.97
                ? { kind: "office", office: pick(offices) ?? "Koutio" }
                : { kind: "everyone" };
      return {
        id: `rule-${String(Math.floor(random() * 1000)).padStart(3, "0")}-${i}`,
        name: `Règle ${i}`,
        // Catch-all rules come last, as in practice, so that the specific ones still win.
        priority:
          target.kind === "everyone"
            ? 38 + Math.floor(random() * 3)
            : 1 + Math.floor(random() * 40),
        enabled: random() > 0.1,
        target,
        templateId: `tpl-${i}`,
        createdAt: pick(createdAt),
      };
    });

    // Without the catch-all rules some agents fall through to the default template.
    const withoutEveryone = rules.filter((r) => r.target.kind !== "everyone");
    const outcomes = new Set<string>();
    const runs = [
      { ruleSet: rules, population: agents },
      { ruleSet: withoutEveryone, population: agents.slice(0, 5_000) },
    ];
    for (const { ruleSet, population } of runs) {
      const bulk = resolveForMany(ruleSet, population, "tpl-default");
      expect(bulk).toHaveLength(population.length);
      const mismatches: unknown[] = [];
      for (const [i, agent] of population.entries()) {
        const single = resolveTemplate(ruleSet, agent, "tpl-default");
        const many = bulk[i]!;
        if (many.rule !== single.rule || many.templateId !== single.templateId) {
          mismatches.push({ agent, many: many.rule?.id, single: single.rule?.id });
        }
        outcomes.add(single.rule?.target.kind ?? "default");
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
    }
    expect([...outcomes].sort()).toEqual([
      "agent",
      "default",
      "department",
      "everyone",
      "group",
      "office",
    ]);
  });

  it("falls back to the default, or to nothing, when no rule is enabled", () => {
    const disabled = rule(targets.everyone, { enabled: false });
    expect(resolveForMany([disabled], [helene], "tpl-default")).toEqual([
      { templateId: "tpl-default", rule: null },
    ]);
    expect(resolveForMany([], [helene], null)).toEqual([{ templateId: null, rule: null }]);
  });
});
