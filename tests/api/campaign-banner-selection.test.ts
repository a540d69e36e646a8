import { describe, expect, it } from "vitest";
import {
  activeCampaigns,
  type BannerCampaign,
  nextTransition,
  selectBanner,
  type Variant,
} from "../../api/src/modules/campaigns/banner-selection";
import {
  endOfNoumeaMinute,
  formatNoumeaDisplay,
  formatNoumeaLocal,
  InvalidNoumeaTimeError,
  lastNoumeaMinute,
  noumeaDay,
  parseNoumeaLocal,
} from "../../api/src/modules/campaigns/noumea-time";
import type { AgentFacts } from "../../api/src/modules/signatures/rule-resolution";

const agent: AgentFacts = {
  id: "685ddc4d-9f89-4b20-a160-60b5920ca533",
  department: "Communication ",
  officeLocation: "Hôtel de ville",
  groupIds: ["grp-cadres"],
};

const march = parseNoumeaLocal("2026-03-10T09:00");

let sequence = 0;
function campaign(overrides: Partial<BannerCampaign> = {}): BannerCampaign {
  sequence += 1;
  return {
    id: `campaign-${String(sequence).padStart(3, "0")}`,
    name: `Campagne ${sequence}`,
    status: "active",
    startsAt: parseNoumeaLocal("2026-03-01T00:00"),
    endsAt: endOfNoumeaMinute("2026-03-31T23:59"),
    audience: { kind: "everyone" },
    placement: "all",
    priority: 1,
    rotation: false,
    createdAt: new Date("2026-02-01T00:00:00Z"),
    ...overrides,
  };
}

describe("Nouméa wall-clock times", () => {
  it("parses console times as Nouméa time and formats them back", () => {
    expect(parseNoumeaLocal("2026-03-01T00:00").toISOString()).toBe("2026-02-28T13:00:00.000Z");
    expect(formatNoumeaLocal(new Date("2026-02-28T13:00:00Z"))).toBe("2026-03-01T00:00");
    expect(formatNoumeaLocal(new Date("2026-02-28T12:59:59.999Z"))).toBe("2026-02-28T23:59");
    expect(noumeaDay(new Date("2026-02-28T13:00:00Z"))).toBe("2026-03-01");
    expect(noumeaDay(new Date("2026-02-28T12:59:59Z"))).toBe("2026-02-28");
    expect(formatNoumeaDisplay(new Date("2026-03-31T12:59:00Z"))).toBe("31/03/2026 23:59");
  });

  it("round-trips every sampled minute of a year", () => {
    const start = Date.UTC(2026, 0, 1);
    for (let t = start; t < start + 366 * 86_400_000; t += 97 * 60_000) {
      const local = formatNoumeaLocal(new Date(t));
      expect(parseNoumeaLocal(local).getTime()).toBe(t);
    }
  });

  it("stores an end typed as a last minute as the exclusive instant one minute later", () => {
    const end = endOfNoumeaMinute("2026-03-31T23:59");
    expect(end.toISOString()).toBe("2026-03-31T13:00:00.000Z");
    expect(formatNoumeaLocal(end)).toBe("2026-04-01T00:00");
    expect(lastNoumeaMinute(end)).toBe("2026-03-31T23:59");
  });

  it("rejects malformed or impossible times with a typed, bilingual error", () => {
    const rejected: [string, string][] = [
      ["2026-13-01T00:00", "out_of_range"],
      ["2026-00-10T00:00", "out_of_range"],
      ["2026-02-29T10:00", "out_of_range"],
      ["2026-04-31T10:00", "out_of_range"],
      ["2026-03-01T24:00", "out_of_range"],
      ["2026-03-01T12:60", "out_of_range"],
      ["0999-03-01T12:00", "out_of_range"],
      ["2026-03-01 00:00", "format"],
      ["2026-03-01T00:00:00", "format"],
      ["2026-03-01T00:00Z", "format"],
      ["2026-3-1T0:00", "format"],
      ["01/03/2026 00:00", "format"],
      ["", "format"],
    ];
    for (const [input, reason] of rejected) {
      let error: unknown;
      try {
        parseNoumeaLocal(input);
      } catch (caught) {
        error = caught;
      }
      expect(error, input).toBeInstanceOf(InvalidNoumeaTimeError);
      const invalid = error as InvalidNoumeaTimeError;
      expect(invalid.reason, input).toBe(reason);
      expect(invalid.code).toBe("validation_failed");
      expect(invalid.localized.fr).toContain(`« ${input} »`);
      expect(invalid.details).toMatchObject({ reason, input });
    }
    expect(parseNoumeaLocal("2028-02-29T10:00").toISOString()).toBe("2028-02-28T23:00:00.000Z");
  });

  it("takes the offset from the time zone database, so historical clock changes count", () => {
    // Nouméa observed DST in 1996–97: 02:00 jumped to 03:00, then 03:00 fell back to 02:00.
    expect(() => parseNoumeaLocal("1996-12-01T02:30")).toThrowError(
      expect.objectContaining({ reason: "nonexistent" }),
    );
    expect(() => parseNoumeaLocal("1997-03-02T02:30")).toThrowError(
      expect.objectContaining({ reason: "ambiguous" }),
    );
    expect(parseNoumeaLocal("1997-01-15T12:00").toISOString()).toBe("1997-01-15T00:00:00.000Z");
  });
});

describe("campaign windows", () => {
  const starting = campaign({ startsAt: parseNoumeaLocal("2026-03-01T00:00"), endsAt: null });
  const ending = campaign({
    startsAt: parseNoumeaLocal("2026-01-01T00:00"),
    endsAt: endOfNoumeaMinute("2026-03-31T23:59"),
  });

  it("starts exactly at local midnight", () => {
    expect(activeCampaigns([starting], new Date("2026-02-28T12:59:59Z"))).toEqual([]);
    expect(activeCampaigns([starting], new Date("2026-02-28T12:59:59.999Z"))).toEqual([]);
    expect(activeCampaigns([starting], new Date("2026-02-28T13:00:00Z"))).toEqual([starting]);
  });

  it("stays active through the last typed minute and stops at the next local midnight", () => {
    const lastSecond = new Date(parseNoumeaLocal("2026-03-31T23:59").getTime() + 59_999);
    expect(activeCampaigns([ending], lastSecond)).toEqual([ending]);
    expect(activeCampaigns([ending], parseNoumeaLocal("2026-04-01T00:00"))).toEqual([]);
  });

  it("treats a null end as open-ended", () => {
    expect(activeCampaigns([starting], parseNoumeaLocal("2030-01-01T00:00"))).toEqual([starting]);
  });

  it("never shows paused or archived campaigns, even inside their window", () => {
    const paused = campaign({ status: "paused" });
    const archived = campaign({ status: "archived" });
    expect(activeCampaigns([paused, archived], march)).toEqual([]);
    const selection = selectBanner([paused, archived], agent, "new", march);
    expect(selection.campaign).toBeNull();
    expect(selection.candidates).toEqual([]);
    expect(selection.reason.fr).toBe(
      "Aucune campagne n'est active le 10/03/2026 09:00 (heure de Nouméa).",
    );
  });
});

describe("selectBanner: audience and placement", () => {
  const targeted = (departments: string[], groupIds: string[]) =>
    campaign({ audience: { kind: "targeted", departments, groupIds } });

  it("shows an everyone campaign to any agent", () => {
    const everyone = campaign();
    const stranger = { id: "x", department: null, officeLocation: null, groupIds: [] };
    expect(selectBanner([everyone], stranger, "new", march).campaign).toBe(everyone);
  });

  it("matches the agent's effective service whatever its case, accents and spacing", () => {
    const com = targeted(["COMMUNICATION"], []);
    const selection = selectBanner([com], agent, "new", march);
    expect(selection.campaign).toBe(com);
    expect(selection.reason.fr).toContain("le service de l'agent, « Communication  », est ciblé");
    const enfance = targeted(["Direction de l’Enfance"], []);
    const educator = { ...agent, department: "direction de l'ENFANCE" };
    expect(selectBanner([enfance], educator, "new", march).campaign).toBe(enfance);
    expect(selectBanner([enfance], agent, "new", march).campaign).toBeNull();
  });

  it("matches any of the agent's groups", () => {
    const cadres = targeted([], ["grp-elus", "grp-cadres"]);
    const selection = selectBanner([cadres], agent, "new", march, {
      group: (id) => (id === "grp-cadres" ? "Cadres" : undefined),
    });
    expect(selection.campaign).toBe(cadres);
    expect(selection.reason.fr).toContain("membre du groupe ciblé « Cadres »");
    expect(selectBanner([targeted([], ["grp-elus"])], agent, "new", march).campaign).toBeNull();
  });

  it("targets the union of the listed services and groups", () => {
    const union = targeted(["Police municipale"], ["grp-elus"]);
    const byService = { ...agent, department: "police municipale", groupIds: [] };
    const byGroup = { ...agent, groupIds: ["grp-elus"] };
    const byBoth = { ...byService, groupIds: ["grp-elus"] };
    const neither = { ...agent, department: "Urbanisme" };
    expect(selectBanner([union], byService, "new", march).campaign).toBe(union);
    expect(selectBanner([union], byGroup, "new", march).campaign).toBe(union);
    expect(selectBanner([union], byBoth, "new", march).campaign).toBe(union);
    const selection = selectBanner([union], neither, "new", march);
    expect(selection.campaign).toBeNull();
    expect(selection.reason.fr).toContain("ne cible cet agent");
    expect(selectBanner([targeted([], [])], agent, "new", march).campaign).toBeNull();
  });

  it("shows 'new' campaigns on new messages and meetings only, 'all' campaigns everywhere", () => {
    const newOnly = campaign({ placement: "new" });
    const everywhere = campaign({ placement: "all" });
    const expected: Record<Variant, [boolean, boolean]> = {
      new: [true, true],
      meeting: [true, true],
      reply: [false, true],
    };
    for (const [variant, [showsNew, showsAll]] of Object.entries(expected)) {
      const v = variant as Variant;
      expect(selectBanner([newOnly], agent, v, march).campaign !== null, variant).toBe(showsNew);
      expect(selectBanner([everywhere], agent, v, march).campaign !== null, variant).toBe(showsAll);
    }
    expect(selectBanner([newOnly], agent, "reply", march).reason.fr).toBe(
      "Aucune campagne active ne s'applique aux réponses et transferts.",
    );
  });
});

describe("selectBanner: priority and ties", () => {
  it("picks the lowest priority number among eligible campaigns and lists the candidates", () => {
    const second = campaign({ priority: 2, name: "Fête de l'igname" });
    const first = campaign({ priority: 1, name: "Élections" });
    const notForReplies = campaign({ priority: 0, placement: "new" });
    const selection = selectBanner([second, notForReplies, first], agent, "reply", march);
    expect(selection.campaign).toBe(first);
    expect(selection.candidates).toEqual([first.id, second.id]);
    expect(selection.reason.fr).toBe(
      "Campagne « Élections » (priorité 1) : destinée à tous les agents ; priorité la plus forte parmi 2 campagnes éligibles.",
    );
  });

  it("breaks a tie without rotation by the older campaign, then the smaller id", () => {
    const older = campaign({ id: "z", createdAt: new Date("2026-01-01T00:00:00Z") });
    const newer = campaign({ id: "a", createdAt: new Date("2026-02-01T00:00:00Z") });
    expect(selectBanner([newer, older], agent, "new", march).campaign).toBe(older);
    const sameTime = new Date("2026-01-01T00:00:00Z");
    const a = campaign({ id: "a", createdAt: sameTime });
    const b = campaign({ id: "b", createdAt: sameTime });
    const selection = selectBanner([b, a], agent, "new", march);
    expect(selection.campaign).toBe(a);
    expect(selection.reason.fr).toContain("départagée par identifiant");
  });

  it("does not rotate unless every tied campaign allows it", () => {
    const older = campaign({ rotation: true, createdAt: new Date("2026-01-01T00:00:00Z") });
    const newer = campaign({ rotation: false, createdAt: new Date("2026-02-01T00:00:00Z") });
    const newest = campaign({ rotation: true, createdAt: new Date("2026-02-15T00:00:00Z") });
    for (let i = 0; i < 200; i += 1) {
      const someone = { ...agent, id: `agent-${i}` };
      const selection = selectBanner([newest, newer, older], someone, "new", march);
      expect(selection.campaign).toBe(older);
    }
    expect(selectBanner([newer, older], agent, "new", march).reason.fr).toContain(
      "pas de rotation",
    );
  });
});

describe("selectBanner: rotation", () => {
  const banners = [1, 2, 3].map((n) =>
    campaign({ name: `Bannière ${n}`, rotation: true, priority: 2 }),
  );
  const population: AgentFacts[] = Array.from({ length: 10_000 }, (_, i) => ({
    ...agent,
    id: `${i.toString(16).padStart(8, "0")}-4b20-4c1d-a160-60b5920ca533`,
  }));
  const day = parseNoumeaLocal("2026-03-10T00:00");
  const dayEnd = parseNoumeaLocal("2026-03-10T23:59");
  const nextDay = parseNoumeaLocal("2026-03-11T00:00");
  const pick = (someone: AgentFacts, at: Date) =>
    selectBanner(banners, someone, "new", at).campaign?.id;

  it("spreads agents evenly over the tied banners", () => {
    const counts = new Map<string | undefined, number>();
    for (const someone of population) {
      const id = pick(someone, day);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(banners.map((b) => b.id).sort());
    for (const count of counts.values()) {
      expect(Math.abs(count - population.length / 3)).toBeLessThanOrEqual(population.length / 60);
    }
  });

  it("keeps the same banner for an agent all day and reshuffles some agents the next day", () => {
    let changed = 0;
    for (const someone of population) {
      const morning = pick(someone, day);
      expect(pick(someone, dayEnd)).toBe(morning);
      if (pick(someone, nextDay) !== morning) changed += 1;
    }
    expect(changed).toBeGreaterThan(population.length / 2);
    expect(changed).toBeLessThan(population.length);
  });

  it("explains the rotation", () => {
    const selection = selectBanner(banners, agent, "new", day);
    expect(selection.candidates).toHaveLength(3);
    expect(selection.reason.fr).toContain(
      "rotation quotidienne entre 3 campagnes de priorité 2, bannière du 2026-03-10 pour cet agent",
    );
  });
});

describe("nextTransition", () => {
  it("returns the earliest future start or end of a non-archived campaign", () => {
    const at = parseNoumeaLocal("2026-03-10T09:00");
    const runningUntilApril = campaign({ endsAt: endOfNoumeaMinute("2026-03-31T23:59") });
    const pausedStartingSoon = campaign({
      status: "paused",
      startsAt: parseNoumeaLocal("2026-03-20T08:00"),
      endsAt: null,
    });
    const archivedSooner = campaign({
      status: "archived",
      startsAt: parseNoumeaLocal("2026-03-11T08:00"),
    });
    const endingNow = campaign({ endsAt: at });
    const campaigns = [runningUntilApril, archivedSooner, endingNow];
    expect(nextTransition(campaigns, at)).toEqual(endOfNoumeaMinute("2026-03-31T23:59"));
    expect(nextTransition([...campaigns, pausedStartingSoon], at)).toEqual(
      parseNoumeaLocal("2026-03-20T08:00"),
    );
  });

  it("returns null when nothing starts or ends after the instant", () => {
    const openEnded = campaign({ endsAt: null });
    expect(nextTransition([openEnded], march)).toBeNull();
    expect(nextTransition([], march)).toBeNull();
  });
});
