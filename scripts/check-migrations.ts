/**
 * Fails when the Drizzle schema changed without a generated migration: drizzle-kit generates
 * into a scratch copy of the committed migrations, and any new file there means drift.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";

const committed = "api/src/db/migrations";
// drizzle-kit resolves `out` relative to the working directory, so the scratch copy stays inside.
mkdirSync("node_modules/.cache", { recursive: true });
const scratch = mkdtempSync("node_modules/.cache/relais-migrations-");
try {
  cpSync(committed, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const output = execFileSync(
    "npx",
    ["drizzle-kit", "generate", "--config", "api/drizzle.config.ts"],
    {
      env: { ...process.env, DRIZZLE_OUT: scratch },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    },
  );
  const added = readdirSync(scratch).filter((name) => !before.has(name));
  if (added.length > 0) {
    console.error(
      `The database schema changed but no migration was generated (would add: ${added.join(", ")}).\n` +
        "Run `npm run db:generate -- --name <what-changed>` and commit the result.",
    );
    process.exitCode = 1;
  } else if (!/No schema changes/i.test(output)) {
    console.error(`drizzle-kit did not confirm the schema matches the migrations:\n${output}`);
    process.exitCode = 1;
  } else {
    console.log("Migrations match the schema.");
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
