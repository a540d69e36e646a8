export * from "./audit";
export * from "./directory";
