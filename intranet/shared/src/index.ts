// Public surface of @relais/web-shared: the API client, auth, i18n, theme and shared components.
export * from "./api";
export * from "./auth";
export * from "./components";
export * from "./hooks";
export * from "./i18n";
export * from "./storage";
export * from "./theme";
