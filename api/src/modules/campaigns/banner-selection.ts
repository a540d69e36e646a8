import {
  type AgentFacts,
  foldDirectoryValue,
  type RuleLabels,
} from "../signatures/rule-resolution";
import type { LocalizedText } from "../signatures/template";
import { formatNoumeaDisplay, noumeaDay } from "./noumea-time";

export type CampaignStatus = "active" | "paused" | "archived";

export type CampaignAudience =
  | { kind: "everyone" }
  /** Agents whose effective service is listed OR who belong to a listed Entra group. */
  | { kind: "targeted"; departments: string[]; groupIds: string[] };

/** "new": new messages and meeting invitations; "all": also replies and forwards. */
export type BannerPlacement = "new" | "all";

export interface BannerCampaign {
  id: string;
  name: string;
  status: CampaignStatus;
  startsAt: Date;
  /** Exclusive; null = open-ended. */
  endsAt: Date | null;
  audience: CampaignAudience;
  placement: BannerPlacement;
  /** 1 = first. */
  priority: number;
  /** Whether the campaign may share its slot, day by day, with others of the same priority. */
  rotation: boolean;
  createdAt: Date;
}

/** The kind of message the add-in is composing. */
export type Variant = "new" | "reply" | "meeting";

export interface BannerSelection {
  campaign: BannerCampaign | null;
  reason: LocalizedText;
  /** Ids of the campaigns eligible for this agent and variant, best first (priority, age, id). */
  candidates: string[];
}

const variantLabels: Readonly<Record<Variant, LocalizedText>> = {
  new: { fr: "aux nouveaux messages", en: "to new messages" },
  reply: { fr: "aux réponses et transferts", en: "to replies and forwards" },
  meeting: { fr: "aux invitations à des réunions", en: "to meeting invitations" },
};

export function isCampaignActive(campaign: BannerCampaign, at: Date): boolean {
  const time = at.getTime();
  return (
    campaign.status === "active" &&
    campaign.startsAt.getTime() <= time &&
    (campaign.endsAt === null || time < campaign.endsAt.getTime())
  );
}

/** Campaigns shown at `at`: status active and `startsAt <= at < endsAt`, in input order. */
export function activeCampaigns(campaigns: readonly BannerCampaign[], at: Date): BannerCampaign[] {
  return campaigns.filter((campaign) => isCampaignActive(campaign, at));
}

export function placementCovers(placement: BannerPlacement, variant: Variant): boolean {
  return placement === "all" || variant !== "reply";
}

/** Why the audience includes the agent, or null when it does not. */
function audienceWhy(
  audience: CampaignAudience,
  agent: AgentFacts,
  labels: RuleLabels,
): LocalizedText | null {
  if (audience.kind === "everyone") {
    return { fr: "destinée à tous les agents", en: "meant for everyone" };
  }
  const department = foldDirectoryValue(agent.department);
  if (department !== "" && audience.departments.some((d) => foldDirectoryValue(d) === department)) {
    return {
      fr: `le service de l'agent, « ${agent.department} », est ciblé`,
      en: `the agent's department, "${agent.department}", is targeted`,
    };
  }
  const groupId = audience.groupIds.find((id) => agent.groupIds.includes(id));
  if (groupId !== undefined) {
    const group = labels.group?.(groupId) ?? groupId;
    return {
      fr: `l'agent est membre du groupe ciblé « ${group} »`,
      en: `the agent is a member of targeted group "${group}"`,
    };
  }
  return null;
}

export function audienceIncludes(audience: CampaignAudience, agent: AgentFacts): boolean {
  return audienceWhy(audience, agent, {}) !== null;
}

function compareCampaigns(a: BannerCampaign, b: BannerCampaign): number {
  return (
    a.priority - b.priority ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Stable 32-bit hash (FNV-1a over UTF-16 units, then murmur3's finalizer so that ids differing
 * in their last characters still spread over every slot). Part of the contract: changing it
 * reshuffles who sees which rotating banner.
 */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Slot of a rotating banner for an agent on a Nouméa day. Per day, not per message: the signature
 * is cached and served with an ETag, so a per-message draw would defeat the cache and change an
 * agent's banner between two e-mails of the same conversation; a per-agent hash also splits the
 * audience evenly without storing anything.
 */
export function rotationSlot(agentId: string, day: string, count: number): number {
  return stableHash(`${agentId}|${day}`) % count;
}

function campaignName(campaign: BannerCampaign): LocalizedText {
  return {
    fr: `Campagne « ${campaign.name} » (priorité ${campaign.priority})`,
    en: `Campaign "${campaign.name}" (priority ${campaign.priority})`,
  };
}

function names(campaigns: readonly BannerCampaign[]): LocalizedText {
  return {
    fr: campaigns.map((c) => `« ${c.name} »`).join(", "),
    en: campaigns.map((c) => `"${c.name}"`).join(", "),
  };
}

/**
 * The banner of one agent's signature for `variant` at `at`: among active campaigns whose
 * placement covers the variant and whose audience includes the agent, the lowest priority
 * number; a tie rotates per agent and Nouméa day when every tied campaign allows rotation,
 * otherwise goes to the oldest (then the smallest id).
 */
export function selectBanner(
  campaigns: readonly BannerCampaign[],
  agent: AgentFacts,
  variant: Variant,
  at: Date,
  labels: RuleLabels = {},
): BannerSelection {
  const active = activeCampaigns(campaigns, at);
  const placed = active.filter((campaign) => placementCovers(campaign.placement, variant));
  const eligible: { campaign: BannerCampaign; why: LocalizedText }[] = [];
  for (const campaign of placed) {
    const why = audienceWhy(campaign.audience, agent, labels);
    if (why) eligible.push({ campaign, why });
  }
  eligible.sort((a, b) => compareCampaigns(a.campaign, b.campaign));
  const candidates = eligible.map((entry) => entry.campaign.id);

  const first = eligible[0];
  if (!first) {
    const when = formatNoumeaDisplay(at);
    const variantLabel = variantLabels[variant];
    const reason: LocalizedText =
      active.length === 0
        ? {
            fr: `Aucune campagne n'est active le ${when} (heure de Nouméa).`,
            en: `No campaign is active on ${when} (Nouméa time).`,
          }
        : placed.length === 0
          ? {
              fr: `Aucune campagne active ne s'applique ${variantLabel.fr}.`,
              en: `No active campaign applies ${variantLabel.en}.`,
            }
          : {
              fr: "Aucune campagne active ne cible cet agent (ni son service ni ses groupes).",
              en: "No active campaign targets this agent (neither its department nor its groups).",
            };
    return { campaign: null, reason, candidates };
  }

  const tied = eligible.filter((entry) => entry.campaign.priority === first.campaign.priority);
  let chosen = first;
  let how: LocalizedText;
  if (eligible.length === 1) {
    how = { fr: "seule campagne éligible", en: "only eligible campaign" };
  } else if (tied.length === 1) {
    how = {
      fr: `priorité la plus forte parmi ${eligible.length} campagnes éligibles`,
      en: `highest priority among ${eligible.length} eligible campaigns`,
    };
  } else if (tied.every((entry) => entry.campaign.rotation)) {
    const day = noumeaDay(at);
    chosen = tied[rotationSlot(agent.id, day, tied.length)] ?? first;
    how = {
      fr: `rotation quotidienne entre ${tied.length} campagnes de priorité ${first.campaign.priority}, bannière du ${day} pour cet agent`,
      en: `daily rotation among ${tied.length} campaigns of priority ${first.campaign.priority}, this agent's banner for ${day}`,
    };
  } else {
    const others = names(tied.slice(1).map((entry) => entry.campaign));
    const byAge = tied[1]?.campaign.createdAt.getTime() !== first.campaign.createdAt.getTime();
    const noRotation = tied.some((entry) => entry.campaign.rotation)
      ? {
          fr: " (pas de rotation : toutes les campagnes à égalité doivent l'autoriser)",
          en: " (no rotation: every tied campaign must allow it)",
        }
      : { fr: "", en: "" };
    how = byAge
      ? {
          fr: `à priorité égale avec ${others.fr}, la plus ancienne${noRotation.fr}`,
          en: `tied on priority with ${others.en}, the oldest${noRotation.en}`,
        }
      : {
          fr: `à priorité égale avec ${others.fr}, départagée par identifiant${noRotation.fr}`,
          en: `tied on priority with ${others.en}, chosen by id${noRotation.en}`,
        };
  }
  const name = campaignName(chosen.campaign);
  return {
    campaign: chosen.campaign,
    reason: {
      fr: `${name.fr} : ${chosen.why.fr} ; ${how.fr}.`,
      en: `${name.en}: ${chosen.why.en}; ${how.en}.`,
    },
    candidates,
  };
}

/**
 * The next instant after `at` when the set of active campaigns may change: the earliest future
 * start or end of a non-archived campaign (paused ones included, they may resume). Cached
 * signatures expire then, so a banner appears and disappears on the minute. Null when none.
 */
export function nextTransition(campaigns: readonly BannerCampaign[], at: Date): Date | null {
  const now = at.getTime();
  let next = Number.POSITIVE_INFINITY;
  for (const campaign of campaigns) {
    if (campaign.status === "archived") continue;
    for (const edge of [campaign.startsAt, campaign.endsAt]) {
      const time = edge?.getTime();
      if (time !== undefined && time > now && time < next) next = time;
    }
  }
  return Number.isFinite(next) ? new Date(next) : null;
}
