import { makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { AppHeader, type AppHeaderProps } from "./AppHeader";

const useStyles = makeStyles({
  main: {
    display: "flex",
    flexDirection: "column",
    alignItems: "stretch",
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
  },
});

/** Header on top, the page below; every screen of the console uses it. */
export function AppShell(props: AppHeaderProps & { children: ReactNode }) {
  const styles = useStyles();
  const { children, ...header } = props;
  return (
    <>
      <AppHeader {...header} />
      <main className={styles.main}>{children}</main>
    </>
  );
}
