import type { GraphUserDelta } from "../../integrations/graph/port";

/** The user properties Relais reads from Graph, with their column in `agents`. */
export const userProperties = {
  displayName: "displayName",
  givenName: "givenName",
  surname: "surname",
  mail: "mail",
  userPrincipalName: "userPrincipalName",
  jobTitle: "jobTitle",
  department: "department",
  companyName: "companyName",
  officeLocation: "officeLocation",
  streetAddress: "streetAddress",
  postalCode: "postalCode",
  city: "city",
  businessPhones: "businessPhones",
  mobilePhone: "mobilePhone",
  preferredLanguage: "preferredLanguage",
  accountEnabled: "accountEnabled",
  userType: "userType",
  employeeId: "employeeId",
} as const;

export type AgentColumn = (typeof userProperties)[keyof typeof userProperties] | "managerId";

/** `$select` of every users/delta round; `manager` arrives as `manager@delta`. */
export const userSelect = [...Object.keys(userProperties), "manager"];
/** A round whose delta state is lost restarts as a full round, at most this many times. */
export const MAX_DELTA_RESTARTS = 2;

export const groupSelect = ["displayName", "description", "mailNickname", "members"];

export type AgentChanges = Partial<Record<AgentColumn, unknown>>;

/**
 * The columns a delta item sets. In an incremental round (`return=minimal`) only the properties
 * present change (absent = unchanged, null = cleared). In a full round the item is the whole
 * user, and Graph leaves out properties that are not set: absent means empty.
 */
export function agentChangesFrom(
  item: GraphUserDelta,
  round: "full" | "incremental",
): AgentChanges {
  const changes: AgentChanges = {};
  for (const [property, column] of Object.entries(userProperties)) {
    if (!(property in item) && round === "incremental") continue;
    const value = item[property];
    if (column === "businessPhones") {
      changes.businessPhones = Array.isArray(value)
        ? value.filter((v) => typeof v === "string")
        : [];
    } else if (column === "accountEnabled") {
      changes.accountEnabled = value !== false;
    } else {
      changes[column] = typeof value === "string" ? value : null;
    }
  }
  const manager = item["manager@delta"];
  if (!Array.isArray(manager) && round === "full") {
    changes.managerId = null;
  } else if (Array.isArray(manager)) {
    const current = manager.filter((entry) => !entry["@removed"]).at(-1);
    changes.managerId = current?.id ?? null;
  }
  return changes;
}
