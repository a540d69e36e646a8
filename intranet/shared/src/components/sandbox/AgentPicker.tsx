import { Field, makeStyles, SearchBox, tokens, typographyStyles } from "@fluentui/react-components";
import { useDeferredValue, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SandboxAgent } from "../../api/sandbox";
import type { RelaisRole } from "../../auth/roles";
import { useRoleLabels } from "../roleLabels";
import { AgentSection } from "./AgentSection";
import { indexAgents, matchesQuery, matchesRole, type RoleFilter } from "./agentSearch";
import { RoleFilterBar } from "./RoleFilterBar";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  controls: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusXLarge,
    boxShadow: tokens.shadow4,
  },
  search: { flexGrow: 1, flexBasis: "320px", maxWidth: "520px" },
  count: { ...typographyStyles.caption1Strong, color: tokens.colorNeutralForeground3, margin: 0 },
  empty: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2, margin: 0 },
});

export interface AgentPickerProps {
  agents: readonly SandboxAgent[];
  pendingAgentId: string | null;
  onSelect: (agent: SandboxAgent) => void;
}

/** Search (accent- and case-insensitive) and role filter over the sandbox directory. */
export function AgentPicker(props: AgentPickerProps) {
  const { t, i18n } = useTranslation("shared");
  const styles = useStyles();
  const roleLabels = useRoleLabels();
  const [query, setQuery] = useState("");
  const [role, setRole] = useState<RoleFilter>("all");
  const deferredQuery = useDeferredValue(query);

  // Role labels of both languages are searchable, whatever the UI language.
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels change with the language only.
  const indexed = useMemo(
    () => indexAgents(props.agents, (r) => [r, roleLabels.short(r), roleLabels.long(r)]),
    [props.agents, i18n.language],
  );
  const matching = useMemo(
    () => indexed.filter((entry) => matchesQuery(entry, deferredQuery)),
    [indexed, deferredQuery],
  );
  const counts = useMemo((): Record<RoleFilter, number> => {
    const withRole = (r: RelaisRole) => matching.filter((entry) => entry.roles.includes(r)).length;
    return {
      all: matching.length,
      "Relais.Admin": withRole("Relais.Admin"),
      "Relais.Editor": withRole("Relais.Editor"),
      "Relais.Approver": withRole("Relais.Approver"),
    };
  }, [matching]);
  const shown = matching.filter((entry) => matchesRole(entry, role));
  const pinned = shown.filter((entry) => entry.roles.length > 0).map((entry) => entry.agent);
  const others = shown.filter((entry) => entry.roles.length === 0).map((entry) => entry.agent);
  const noDepartmentLabel = t("sandboxSignIn.noDepartment");

  return (
    <div className={styles.root}>
      <search className={styles.controls}>
        <Field label={t("sandboxSignIn.searchLabel")} className={styles.search}>
          <SearchBox
            value={query}
            placeholder={t("sandboxSignIn.searchPlaceholder")}
            dismiss={{ "aria-label": t("sandboxSignIn.clearSearch") }}
            data-testid="sandbox-agent-search"
            onChange={(_event, data) => setQuery(data.value)}
          />
        </Field>
        <RoleFilterBar value={role} counts={counts} onChange={setRole} />
      </search>
      <p className={styles.count} aria-live="polite" data-testid="sandbox-agent-count">
        {t("sandboxSignIn.resultCount", { count: shown.length })}
      </p>
      {shown.length === 0 ? <p className={styles.empty}>{t("sandboxSignIn.noResults")}</p> : null}
      <AgentSection
        title={t("sandboxSignIn.pinnedTitle")}
        description={t("sandboxSignIn.pinnedDescription")}
        agents={pinned}
        noDepartmentLabel={noDepartmentLabel}
        pendingAgentId={props.pendingAgentId}
        onSelect={props.onSelect}
        data-testid="sandbox-agents-with-roles"
      />
      <AgentSection
        title={t("sandboxSignIn.othersTitle")}
        agents={others}
        noDepartmentLabel={noDepartmentLabel}
        pendingAgentId={props.pendingAgentId}
        onSelect={props.onSelect}
        data-testid="sandbox-agents-others"
      />
    </div>
  );
}
