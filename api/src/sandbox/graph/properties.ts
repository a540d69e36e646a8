import type { SandboxUser } from "../directory";

/** The user properties the sandbox serves: what Relais selects from `users/delta`. */
export const USER_PROPERTIES = [
  "id",
  "displayName",
  "givenName",
  "surname",
  "mail",
  "userPrincipalName",
  "jobTitle",
  "department",
  "companyName",
  "officeLocation",
  "streetAddress",
  "postalCode",
  "city",
  "businessPhones",
  "mobilePhone",
  "preferredLanguage",
  "accountEnabled",
  "userType",
  "employeeId",
] as const satisfies readonly (keyof SandboxUser)[];

export type UserProperty = (typeof USER_PROPERTIES)[number];
/** Properties whose changes are tracked: `id` never changes, `manager` is a relationship. */
export type TrackedUserProperty = Exclude<UserProperty, "id"> | "manager";
export type UserSelectable = UserProperty | "manager";

/** What Graph returns from `/users` when no `$select` is given. */
export const DEFAULT_USER_SELECT: readonly UserSelectable[] = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
];

export const USER_SELECTABLE: ReadonlySet<string> = new Set<string>([
  ...USER_PROPERTIES,
  "manager",
]);

export const GROUP_PROPERTIES = ["id", "displayName", "description", "mailNickname"] as const;
export type GroupProperty = (typeof GROUP_PROPERTIES)[number];
export type TrackedGroupProperty = Exclude<GroupProperty, "id">;
export type GroupSelectable = GroupProperty | "members";

export const DEFAULT_GROUP_SELECT: readonly GroupSelectable[] = [
  "id",
  "displayName",
  "description",
  "mailNickname",
  "members",
];

export const GROUP_SELECTABLE: ReadonlySet<string> = new Set<string>([
  ...GROUP_PROPERTIES,
  "members",
]);

/** A user as Graph exposes it: the served properties and the manager link. */
export type GraphUser = Pick<SandboxUser, UserProperty> & { managerId: string | null };
/** Patchable Graph properties; `null` clears a nullable one (the others refuse it). */
export type GraphUserPatch = { [K in Exclude<UserProperty, "id">]?: SandboxUser[K] | null };

export const USER_ODATA_TYPE = "#microsoft.graph.user";
