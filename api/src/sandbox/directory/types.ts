/** The application roles of the Relais app registration, as Entra puts them in tokens. */
export type AppRole = "Relais.Admin" | "Relais.Editor" | "Relais.Approver";

/** A user as Microsoft Graph returns it (`/users` with the properties Relais selects). */
export interface SandboxUser {
  /** GUID, lowercase 8-4-4-4-12. */
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
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
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  employeeId: string | null;
  /** Id of another user of the directory, or null. */
  managerId: string | null;
  hasPhoto: boolean;
  appRoles: AppRole[];
}

export interface SandboxGroup {
  id: string;
  displayName: string;
  mailNickname: string;
  description: string;
  memberIds: string[];
}

export interface SandboxDirectory {
  tenantId: string;
  domain: string;
  users: SandboxUser[];
  groups: SandboxGroup[];
}

export interface GenerateDirectoryOptions {
  /** Same seed and agent count give a deep-equal directory. Default 1. */
  seed?: number;
  /** Total number of user accounts, guests included. Default 400. */
  agentCount?: number;
}
