import { useTranslation } from "react-i18next";
import { knownRoles, type RelaisRole, roleKeys } from "../auth/roles";

export interface RoleLabels {
  /** Badge text: "Admin", "Éditeur", "Valideur". */
  short(role: RelaisRole): string;
  /** Full inclusive label: "Administrateur·rice"… */
  long(role: RelaisRole): string;
  /** Full labels of a principal's roles, or ["Agent"] when it has none. */
  describe(roles: readonly string[]): string[];
}

export function useRoleLabels(): RoleLabels {
  const { t } = useTranslation("shared");
  const short = (role: RelaisRole) => t(`roles.short.${roleKeys[role]}`);
  const long = (role: RelaisRole) => t(`roles.long.${roleKeys[role]}`);
  return {
    short,
    long,
    describe(roles) {
      const known = knownRoles(roles);
      return known.length > 0 ? known.map(long) : [t("roles.long.none")];
    },
  };
}
