import { makeStyles, tokens, typographyStyles } from "@fluentui/react-components";
import { useId } from "react";
import type { SandboxAgent } from "../../api/sandbox";
import { AgentButton } from "./AgentButton";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  title: { ...typographyStyles.subtitle2, margin: 0 },
  description: {
    ...typographyStyles.caption1,
    margin: 0,
    color: tokens.colorNeutralForeground3,
  },
  list: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 340px), 1fr))",
    gap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
});

export interface AgentSectionProps {
  title: string;
  description?: string;
  agents: readonly SandboxAgent[];
  noDepartmentLabel: string;
  pendingAgentId: string | null;
  onSelect: (agent: SandboxAgent) => void;
  "data-testid"?: string;
}

export function AgentSection(props: AgentSectionProps) {
  const styles = useStyles();
  const titleId = useId();
  if (props.agents.length === 0) return null;

  return (
    <section
      className={styles.section}
      aria-labelledby={titleId}
      data-testid={props["data-testid"]}
    >
      <div>
        <h2 id={titleId} className={styles.title}>
          {props.title}
        </h2>
        {props.description ? <p className={styles.description}>{props.description}</p> : null}
      </div>
      <ul className={styles.list}>
        {props.agents.map((agent) => (
          <li key={agent.id}>
            <AgentButton
              agent={agent}
              noDepartmentLabel={props.noDepartmentLabel}
              pending={props.pendingAgentId === agent.id}
              busy={props.pendingAgentId !== null}
              onSelect={props.onSelect}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
