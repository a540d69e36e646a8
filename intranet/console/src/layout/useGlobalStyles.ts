import { makeStaticStyles } from "@fluentui/react-components";

/** The console owns the whole page: no browser margin around the app. */
export const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
});
