import type { Placement } from "./people";
import { stableGuid } from "./random";
import { SITES } from "./sites";
import type { SandboxGroup } from "./types";

interface GroupDefinition {
  displayName: string;
  mailNickname: string;
  description: string;
  includes: (placement: Placement) => boolean;
}

const inDepartments =
  (...departments: string[]) =>
  ({ service }: Placement): boolean =>
    service !== null && departments.includes(service.department);

const GROUPS: readonly GroupDefinition[] = [
  {
    displayName: "Tous les agents",
    mailNickname: "tous-les-agents",
    description: "Tous les agents de la Ville de Dumbéa.",
    includes: () => true,
  },
  {
    displayName: "Encadrement",
    mailNickname: "encadrement",
    description: "Directeurs, directrices, chefs et cheffes de service.",
    includes: ({ kind }) => kind === "head",
  },
  {
    displayName: "Agents de terrain",
    mailNickname: "agents-de-terrain",
    description:
      "Agents des équipes de terrain : voirie, espaces verts, écoles, police municipale…",
    includes: ({ kind, field }) => kind === "agent" && field,
  },
  {
    displayName: "Hôtel de Ville",
    mailNickname: "site-hotel-de-ville",
    description: "Agents en poste à l'Hôtel de Ville.",
    includes: ({ user }) => user.officeLocation === SITES.townHall.name,
  },
  {
    displayName: "Centre technique municipal",
    mailNickname: "site-centre-technique",
    description: "Agents en poste au Centre technique municipal.",
    includes: ({ user }) => user.officeLocation === SITES.technicalCentre.name,
  },
  {
    displayName: "Équipe communication",
    mailNickname: "equipe-communication",
    description: "Le service communication, rattaché au Cabinet du Maire.",
    includes: inDepartments("Communication"),
  },
  {
    displayName: "Police municipale",
    mailNickname: "police-municipale",
    description: "Policières et policiers municipaux, ASVP et opérateurs de vidéoprotection.",
    includes: inDepartments("Police municipale"),
  },
  {
    displayName: "Équipe de la Médiathèque",
    mailNickname: "equipe-mediatheque",
    description: "L'équipe de la Médiathèque de Dumbéa-sur-Mer.",
    includes: inDepartments("Médiathèque"),
  },
  {
    displayName: "Équipe du Big Up Spot",
    mailNickname: "equipe-big-up-spot",
    description: "L'équipe de l'espace jeunesse Big Up Spot.",
    includes: inDepartments("Big Up Spot"),
  },
  {
    displayName: "Personnel des écoles",
    mailNickname: "personnel-des-ecoles",
    description: "ATSEM, agents d'entretien, animateurs périscolaires et restauration scolaire.",
    includes: inDepartments("Écoles", "Restauration scolaire"),
  },
];

const CORRESPONDENTS = {
  displayName: "Correspondants communication",
  mailNickname: "correspondants-communication",
  description: "Un correspondant par service, relais du service communication.",
};

const toGroup = (
  definition: Omit<GroupDefinition, "includes">,
  memberIds: string[],
): SandboxGroup => ({
  id: stableGuid(`group:${definition.mailNickname}`),
  displayName: definition.displayName,
  mailNickname: definition.mailNickname,
  description: definition.description,
  memberIds,
});

/** One agent per service passes its news to the communication team, an office agent if any. */
function correspondentIds(active: readonly Placement[]): string[] {
  const chosen = new Map<string, { id: string; rank: number }>();
  for (const { kind, field, service, user } of active) {
    if (!service || service.key === "communication") continue;
    const rank = kind === "agent" ? (field ? 1 : 0) : kind === "head" ? 2 : 3;
    const current = chosen.get(service.key);
    if (!current || rank < current.rank) chosen.set(service.key, { id: user.id, rank });
  }
  return [...chosen.values()].map((entry) => entry.id);
}

/** Static groups, as the commune's IT keeps them: active members only, no guests. */
export function buildGroups(placements: readonly Placement[]): SandboxGroup[] {
  const active = placements.filter(
    (placement) => placement.kind !== "guest" && placement.user.accountEnabled,
  );
  const members = GROUPS.map((): string[] => []);
  for (const placement of active) {
    GROUPS.forEach((definition, index) => {
      if (definition.includes(placement)) members[index]?.push(placement.user.id);
    });
  }
  const groups = GROUPS.map((definition, index) => toGroup(definition, members[index] ?? []));
  groups.splice(2, 0, toGroup(CORRESPONDENTS, correspondentIds(active)));
  return groups;
}
