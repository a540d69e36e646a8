import type { agentOverrides, agents } from "../../db/schema";

type AgentRow = typeof agents.$inferSelect;
type OverrideRow = typeof agentOverrides.$inferSelect;

/** The Entra values a profile is built from (a full `agents` row fits). */
export type EntraAgent = Pick<
  AgentRow,
  | "id"
  | "displayName"
  | "givenName"
  | "surname"
  | "mail"
  | "userPrincipalName"
  | "jobTitle"
  | "department"
  | "companyName"
  | "officeLocation"
  | "streetAddress"
  | "postalCode"
  | "city"
  | "businessPhones"
  | "mobilePhone"
  | "preferredLanguage"
  | "photoHash"
>;

/** What the communication team may set locally (a full `agent_overrides` row fits). */
export type OverrideValues = Pick<
  OverrideRow,
  | "displayName"
  | "jobTitle"
  | "department"
  | "mobilePhone"
  | "hideMobilePhone"
  | "hideBusinessPhones"
  | "pronouns"
  | "extraLine"
  | "photoMode"
  | "customPhotoHash"
>;

/** The profile shown in the directory and used by signatures: override where set, else Entra. */
export interface EffectiveProfile {
  id: string;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  officeLocation: string | null;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string | null;
  pronouns: string | null;
  extraLine: string | null;
  /** Content hash of the photo to show, or null for none. */
  photoHash: string | null;
}

function photoHashOf(agent: EntraAgent, override: OverrideValues | null): string | null {
  switch (override?.photoMode ?? "entra") {
    case "hidden":
      return null;
    case "custom":
      return override?.customPhotoHash ?? null;
    default:
      return agent.photoHash;
  }
}

export function effectiveProfile(
  agent: EntraAgent,
  override: OverrideValues | null,
): EffectiveProfile {
  return {
    id: agent.id,
    displayName: override?.displayName ?? agent.displayName,
    givenName: agent.givenName,
    surname: agent.surname,
    mail: agent.mail,
    userPrincipalName: agent.userPrincipalName,
    jobTitle: override?.jobTitle ?? agent.jobTitle,
    department: override?.department ?? agent.department,
    companyName: agent.companyName,
    officeLocation: agent.officeLocation,
    streetAddress: agent.streetAddress,
    postalCode: agent.postalCode,
    city: agent.city,
    businessPhones: override?.hideBusinessPhones ? [] : [...agent.businessPhones],
    mobilePhone: override?.hideMobilePhone ? null : (override?.mobilePhone ?? agent.mobilePhone),
    preferredLanguage: agent.preferredLanguage,
    pronouns: override?.pronouns ?? null,
    extraLine: override?.extraLine ?? null,
    photoHash: photoHashOf(agent, override),
  };
}
