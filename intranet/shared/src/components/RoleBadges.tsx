import { Badge, type BadgeProps, makeStyles, tokens } from "@fluentui/react-components";
import { knownRoles, type RelaisRole } from "../auth/roles";
import { useRoleLabels } from "./roleLabels";

const badgeColors: Record<RelaisRole, NonNullable<BadgeProps["color"]>> = {
  "Relais.Admin": "brand",
  "Relais.Editor": "success",
  "Relais.Approver": "warning",
};

const useStyles = makeStyles({
  list: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
});

export interface RoleBadgesProps {
  roles: readonly string[];
  /** "short" on dense lists (Admin), "long" where there is room (Administrateur·rice). */
  variant?: "short" | "long";
  /** Show "Agent" when there is no Relais role. */
  showNone?: boolean;
  id?: string;
  "data-testid"?: string;
}

export function RoleBadges(props: RoleBadgesProps) {
  const styles = useStyles();
  const labels = useRoleLabels();
  const roles = knownRoles(props.roles);
  const label = props.variant === "long" ? labels.long : labels.short;

  if (roles.length === 0 && !props.showNone) return null;
  return (
    <ul className={styles.list} id={props.id} data-testid={props["data-testid"]}>
      {roles.length === 0 ? (
        <li>
          <Badge appearance="outline" color="informative" shape="rounded">
            {labels.describe([])[0]}
          </Badge>
        </li>
      ) : (
        roles.map((role) => (
          <li key={role}>
            <Badge appearance="tint" color={badgeColors[role]} shape="rounded" data-role={role}>
              {label(role)}
            </Badge>
          </li>
        ))
      )}
    </ul>
  );
}
