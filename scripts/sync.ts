/**
 * `npm run sync [-- --full] [-- --photos=all|changed|none]`: one directory sync now, with a
 * progress bar and a summary. Uses the same configuration and wiring as the API. With the
 * embedded database (PGlite, one process at a time), stop `npm start` first; with Postgres it
 * runs beside the API replicas, and the cluster-wide lock keeps it from overlapping a sync.
 */
import { parseArgs } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import { ConfigError, loadConfig } from "../api/src/config";
import { randomIds } from "../api/src/core/ids";
import { createLogger } from "../api/src/core/logger";
import { createRuntime } from "../api/src/main";
import { systemContext } from "../api/src/modules/context";
import { syncDirectory } from "../api/src/modules/directory";

const { values } = parseArgs({
  options: {
    full: { type: "boolean", default: false },
    photos: { type: "string", default: "changed" },
  },
});
const photos = values.photos;
if (photos !== "all" && photos !== "changed" && photos !== "none") {
  console.error("--photos must be all, changed or none");
  process.exit(2);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
const runtime = await createRuntime(config, { logger });
const bar = new SingleBar(
  { format: "{phase} |{bar}| {value} agents · {pages} pages · {photos} photos", hideCursor: true },
  Presets.shades_classic,
);
bar.start(1, 0, { phase: "Agents", pages: 0, photos: 0 });
const started = performance.now();
let exitCode = 0;
try {
  const run = await syncDirectory(
    systemContext({ db: runtime.handle.db, clock: runtime.clock, ids: randomIds, logger }),
    runtime.sync,
    {
      trigger: "cli",
      full: values.full,
      photos,
      onProgress: (p) => {
        bar.setTotal(Math.max(p.agentsSeen, 1));
        bar.update(p.agentsSeen, {
          phase: { users: "Agents", photos: "Photos", groups: "Groupes" }[p.phase],
          pages: p.pages,
          photos: p.photosChecked,
        });
      },
    },
  );
  bar.stop();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\nSynchronisation ${run.kind === "full" ? "complète" : "incrémentale"} terminée en ${seconds} s`,
  );
  console.table({
    pages: run.pages,
    "requêtes Graph": run.requests,
    ajoutés: run.added,
    "mis à jour": run.updated,
    désactivés: run.deactivated,
    supprimés: run.removed,
    photos: run.photosFetched,
    groupes: run.groupsChanged,
    "nouvelles tentatives": run.retries,
    "attentes (limitation)": run.throttledWaits,
  });
  if (run.restartedAsFull)
    console.log("L'état delta avait expiré : resynchronisation complète effectuée.");
} catch (error) {
  bar.stop();
  console.error(
    `\nÉchec de la synchronisation : ${error instanceof Error ? error.message : String(error)}`,
  );
  exitCode = 1;
} finally {
  await runtime.close();
}
process.exit(exitCode);
