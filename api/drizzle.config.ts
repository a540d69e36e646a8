import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./api/src/db/schema/index.ts",
  out: process.env.DRIZZLE_OUT ?? "./api/src/db/migrations",
  casing: "snake_case",
});
