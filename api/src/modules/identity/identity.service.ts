import type { Principal } from "../../auth";
import type { Me } from "./identity.schemas";

export interface AgentProfile {
  displayName: string | null;
  department: string | null;
  jobTitle: string | null;
}

/** Where the signed-in agent's service and title come from: the synced directory. */
export type ProfileLookup = (agentId: string) => Promise<AgentProfile | null>;

export async function describeCaller(principal: Principal, profiles: ProfileLookup): Promise<Me> {
  const profile = await profiles(principal.id);
  return {
    id: principal.id,
    tenantId: principal.tenantId,
    displayName: profile?.displayName ?? principal.name,
    userPrincipalName: principal.userPrincipalName,
    department: profile?.department ?? null,
    jobTitle: profile?.jobTitle ?? null,
    roles: principal.roles,
  };
}
