export * from "./assets";
export * from "./audit";
export * from "./campaigns";
export * from "./directory";
export * from "./idempotency";
export * from "./signatures";
