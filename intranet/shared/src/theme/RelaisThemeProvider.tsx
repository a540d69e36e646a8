import { FluentProvider, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { type ColorScheme, relaisTheme } from "./themes";

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
});

export interface RelaisThemeProviderProps {
  children: ReactNode;
  /** Hosts (Teams, Office) tell which scheme they use; the console stays light. */
  colorScheme?: ColorScheme;
  /** The language, so Fluent sets `lang` on its root. */
  lang?: string;
}

export function RelaisThemeProvider(props: RelaisThemeProviderProps) {
  const styles = useStyles();
  return (
    <FluentProvider
      theme={relaisTheme(props.colorScheme ?? "light")}
      className={styles.root}
      lang={props.lang}
    >
      {props.children}
    </FluentProvider>
  );
}
