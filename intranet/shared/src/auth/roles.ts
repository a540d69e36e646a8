/** App roles declared on the Relais Entra application, in display order. */
export const relaisRoles = ["Relais.Admin", "Relais.Editor", "Relais.Approver"] as const;

export type RelaisRole = (typeof relaisRoles)[number];

export function isRelaisRole(value: string): value is RelaisRole {
  return (relaisRoles as readonly string[]).includes(value);
}

/** The known roles of a principal, deduplicated and in display order; unknown roles are dropped. */
export function knownRoles(roles: readonly string[]): RelaisRole[] {
  return relaisRoles.filter((role) => roles.includes(role));
}

/** Translation key suffix for a role (`roles.short.admin`, `roles.long.admin`). */
export const roleKeys: Record<RelaisRole, "admin" | "editor" | "approver"> = {
  "Relais.Admin": "admin",
  "Relais.Editor": "editor",
  "Relais.Approver": "approver",
};
