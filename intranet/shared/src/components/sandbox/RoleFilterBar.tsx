import { makeStyles, ToggleButton, tokens, typographyStyles } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { relaisRoles, roleKeys } from "../../auth/roles";
import type { RoleFilter } from "./agentSearch";

const useStyles = makeStyles({
  root: { margin: 0, padding: 0, border: "none", minWidth: 0 },
  label: { ...typographyStyles.body1Strong, padding: 0, marginBottom: tokens.spacingVerticalXS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface RoleFilterBarProps {
  value: RoleFilter;
  /** How many agents each choice would show with the current search. */
  counts: Record<RoleFilter, number>;
  onChange: (value: RoleFilter) => void;
}

export function RoleFilterBar(props: RoleFilterBarProps) {
  const { t } = useTranslation("shared");
  const styles = useStyles();
  const options: { value: RoleFilter; label: string }[] = [
    { value: "all", label: t("sandboxSignIn.allAgents") },
    ...relaisRoles.map((role) => ({ value: role, label: t(`roles.filter.${roleKeys[role]}`) })),
  ];

  return (
    <fieldset className={styles.root}>
      <legend className={styles.label}>{t("sandboxSignIn.roleFilterLabel")}</legend>
      <div className={styles.buttons}>
        {options.map((option) => (
          <ToggleButton
            key={option.value}
            size="small"
            shape="circular"
            checked={props.value === option.value}
            appearance={props.value === option.value ? "primary" : "secondary"}
            data-testid={`role-filter-${option.value === "all" ? "all" : roleKeys[option.value]}`}
            onClick={() => props.onChange(option.value)}
          >
            {`${option.label} (${props.counts[option.value]})`}
          </ToggleButton>
        ))}
      </div>
    </fieldset>
  );
}
