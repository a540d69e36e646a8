/**
 * Process entry (`npm start` runs its compiled form, api/dist/serve.js): reads the configuration
 * once, starts the API and stops it cleanly on SIGINT/SIGTERM. Kept apart from main.ts so that
 * whatever imports or bundles the wiring (tests, benchmarks) never starts a server by accident.
 */
import { type Config, ConfigError, loadConfig } from "./config";
import { start } from "./main";

async function serve(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Relais cannot start.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = await start(config);
  process.stdout.write(`\nRelais est prêt : ${running.url}/console/\n\n`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

serve().catch((error: unknown) => {
  process.stderr.write(
    `Relais failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
