import { Avatar, makeStyles, Spinner, tokens, typographyStyles } from "@fluentui/react-components";
import { useId } from "react";
import type { SandboxAgent } from "../../api/sandbox";
import { RoleBadges } from "../RoleBadges";

const useStyles = makeStyles({
  button: {
    display: "grid",
    gridTemplateColumns: "auto 1fr auto",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    width: "100%",
    minHeight: "64px",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    textAlign: "start",
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
    cursor: "pointer",
    fontFamily: "inherit",
    transitionProperty: "background-color, border-color, box-shadow",
    transitionDuration: tokens.durationFaster,
    ":hover": {
      backgroundColor: tokens.colorNeutralBackground1Hover,
      border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke2Hover}`,
      boxShadow: tokens.shadow4,
    },
    ":active": { backgroundColor: tokens.colorNeutralBackground1Pressed },
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "2px",
    },
    "&[aria-disabled='true']": { cursor: "progress", opacity: 0.7 },
  },
  text: { display: "flex", flexDirection: "column", minWidth: 0, gap: "2px" },
  name: { ...typographyStyles.body1Strong },
  details: {
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground3,
    overflow: "hidden",
    textOverflow: "ellipsis",
  },
  end: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
});

export interface AgentButtonProps {
  agent: SandboxAgent;
  /** Shown when the agent has no department. */
  noDepartmentLabel: string;
  pending: boolean;
  busy: boolean;
  onSelect: (agent: SandboxAgent) => void;
}

/** One agent in the picker; its accessible name is the agent's name, the rest is its description. */
export function AgentButton(props: AgentButtonProps) {
  const styles = useStyles();
  const id = useId();
  const { agent } = props;
  const details = [agent.jobTitle, agent.department ?? props.noDepartmentLabel]
    .filter(Boolean)
    .join(" · ");

  return (
    <button
      type="button"
      className={styles.button}
      aria-labelledby={`${id}-name`}
      aria-describedby={`${id}-details ${id}-roles`}
      aria-disabled={props.busy}
      aria-busy={props.pending}
      data-testid="sandbox-agent"
      data-user-principal-name={agent.userPrincipalName}
      onClick={() => {
        if (!props.busy) props.onSelect(agent);
      }}
    >
      <Avatar name={agent.displayName} color="colorful" size={40} aria-hidden />
      <span className={styles.text}>
        <span id={`${id}-name`} className={styles.name} data-testid="sandbox-agent-name">
          {agent.displayName}
        </span>
        <span id={`${id}-details`} className={styles.details}>
          {details}
        </span>
      </span>
      <span className={styles.end}>
        <RoleBadges id={`${id}-roles`} roles={agent.roles} variant="short" />
        {props.pending ? <Spinner size="tiny" /> : null}
      </span>
    </button>
  );
}
