import { createDarkTheme, createLightTheme, type Theme } from "@fluentui/react-components";
import { dumbeaBrand } from "./brand";

export const relaisLightTheme: Theme = createLightTheme(dumbeaBrand);

const darkBase = createDarkTheme(dumbeaBrand);

/** Fluent's advice for custom ramps: lighter brand foregrounds on dark backgrounds. */
export const relaisDarkTheme: Theme = {
  ...darkBase,
  colorBrandForeground1: dumbeaBrand[110],
  colorBrandForeground2: dumbeaBrand[120],
  colorBrandForegroundLink: dumbeaBrand[120],
  colorBrandForegroundLinkHover: dumbeaBrand[130],
};

export type ColorScheme = "light" | "dark";

export function relaisTheme(scheme: ColorScheme): Theme {
  return scheme === "dark" ? relaisDarkTheme : relaisLightTheme;
}
