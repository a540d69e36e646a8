/** Benchmark rows: what `bench/results/<suite>.json` holds and the table prints. */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { dirname } from "node:path";

export interface BenchRow {
  name: string;
  /** null when the measured operation failed (see `note`). */
  value: number | null;
  unit: string;
  /** Measured in the same run on the same machine (see `baselineOf`). */
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  /** Which way is better, for `value` and so for `ratio`. */
  better: "higher" | "lower";
  /** Human-readable; `null` for informational rows. */
  target: string | null;
  /** Whether `target` is met; `null` for informational rows. */
  met: boolean | null;
  /** What the baseline is. */
  baselineOf: string | null;
  note?: string;
}

export interface RowInput {
  name: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  baselineOf?: string;
  better: "higher" | "lower";
  target?: string;
  met?: boolean;
  note?: string;
}

export function row(input: RowInput): BenchRow {
  const baseline = input.baseline ?? null;
  return {
    name: input.name,
    value: input.value,
    unit: input.unit,
    baseline,
    ratio:
      baseline === null || baseline === 0 || input.value === null ? null : input.value / baseline,
    better: input.better,
    target: input.target ?? null,
    met: input.target === undefined ? null : (input.met ?? null),
    baselineOf: input.baselineOf ?? null,
    ...(input.note ? { note: input.note } : {}),
  };
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  postgres?: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function formatNumber(value: number | null): string {
  if (value === null) return "—";
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 0.01) return value.toExponential(1);
  const digits = Number.isInteger(value) ? 0 : abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

const verdict = (met: boolean | null) => (met === null ? "info" : met ? "MET" : "MISSED");

export function formatTable(rows: BenchRow[]): string {
  const header = ["name", "value", "unit", "baseline", "ratio", "better", "target", "result"];
  const body = rows.map((r) => [
    r.name,
    formatNumber(r.value),
    r.unit,
    formatNumber(r.baseline),
    r.ratio === null ? "—" : r.ratio.toFixed(r.ratio !== 0 && Math.abs(r.ratio) < 0.1 ? 4 : 2),
    r.better,
    r.target ?? "",
    verdict(r.met),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((cells) => cells[i]?.length ?? 0)),
  );
  const right = new Set([1, 3, 4]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const baselines = rows
    .filter((r) => r.baselineOf)
    .map((r) => `  ${r.name}: baseline = ${r.baselineOf}`);
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`);
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    "",
    "Baselines:",
    ...baselines,
    ...(notes.length ? ["", "Notes:", ...notes] : []),
  ].join("\n");
}

export async function writeResults(file: string, rows: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(rows, null, 2)}\n`);
}
