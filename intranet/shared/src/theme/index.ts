export { dumbeaBrand } from "./brand";
export { RelaisThemeProvider, type RelaisThemeProviderProps } from "./RelaisThemeProvider";
export { type ColorScheme, relaisDarkTheme, relaisLightTheme, relaisTheme } from "./themes";
