/**
 * `npm run bench -- [suite…] [--quick] [--photos]`: runs the named benchmark suites (all when none is
 * named), prints a table per suite and writes `bench/results/<suite>.json`. Benchmarks report,
 * they do not gate: a missed target still exits 0; an error exits 1.
 *
 * BENCH_POSTGRES_URL (else TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/postgres)
 * names a role that may create and drop the suites' throwaway databases.
 */
import { fileURLToPath } from "node:url";
import { serverVersion } from "../bench/lib/postgres";
import { formatTable, machine, writeResults } from "../bench/lib/report";
import { suites } from "../bench/suites";

const resultsDir = fileURLToPath(new URL("../bench/results/", import.meta.url));
const adminUrl =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((arg) => arg.startsWith("--")).map((arg) => arg.slice(2)));
  const quick = flags.has("quick");
  const names = args.filter((arg) => !arg.startsWith("--"));
  const unknown = names.filter((name) => !suites.some((suite) => suite.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown suite(s): ${unknown.join(", ")}. Known: ${suites.map((s) => s.name).join(", ")}\n`,
    );
    return 2;
  }
  const selected = names.length ? suites.filter((s) => names.includes(s.name)) : suites;

  const host = { ...machine(), postgres: await serverVersion(adminUrl) };
  process.stdout.write(
    `Relais benchmarks — ${host.cpus} × ${host.cpuModel}, ${host.memoryGb} GB, Node ${host.node} (${host.platform}), PostgreSQL ${host.postgres}${quick ? " — QUICK (reduced sizes)" : ""}\n\n`,
  );

  for (const suite of selected) {
    process.stdout.write(`▶ ${suite.name}: ${suite.description}\n`);
    const started = performance.now();
    const result = await suite.run({
      adminUrl,
      quick,
      flags,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    const file = `${resultsDir}${suite.name}${quick ? ".quick" : ""}.json`;
    await writeResults(file, result.rows);
    if (result.details !== undefined) {
      await writeResults(file.replace(/\.json$/, ".details.json"), {
        machine: host,
        quick,
        seconds,
        ...(result.details as object),
      });
    }
    const missed = result.rows.filter((r) => r.met === false).length;
    const met = result.rows.filter((r) => r.met === true).length;
    process.stdout.write(
      `\n${formatTable(result.rows)}\n\nTargets: ${met} met, ${missed} missed. ${seconds.toFixed(0)} s. Written: ${file}\n\n`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
