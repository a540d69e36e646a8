import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ENTRY_SCHEMA = "OfficeAppManifestV1_1.xsd";

/**
 * Microsoft's add-in manifest XSDs ([MS-OWEMXML]), kept in manifests/schemas (Microsoft's Open
 * Specifications notice allows distributing them in an implementation; see the README there):
 * validation must work offline and on a fresh clone.
 */
export function defaultSchemaDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../schemas/office-addin-manifest");
}

export interface XmlValidationOptions {
  schemaDir?: string;
  /** The xmllint executable (libxml2-utils); found on PATH by default. */
  xmllint?: string;
}

interface RunResult {
  code: number | null;
  stderr: string;
  spawnError: NodeJS.ErrnoException | null;
}

function run(command: string, args: string[], input: string): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      done({ code: null, stderr, spawnError: error }),
    );
    child.on("close", (code) => done({ code, stderr, spawnError: null }));
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** `{http://schemas.microsoft.com/office/...}Rule` → `Rule`: the namespace only adds noise. */
const withoutNamespaces = (message: string) => message.replace(/\{[^}]*\}/g, "");

/** xmllint reports `-:42: element X: Schemas validity error : …` for input read from stdin. */
function parseReport(stderr: string): string[] {
  const errors: string[] = [];
  for (const line of stderr.split("\n")) {
    const located = /^-:(\d+): (.*)$/.exec(line.trim());
    if (located) {
      errors.push(`line ${located[1]}: ${withoutNamespaces(located[2] ?? "").trim()}`);
    }
  }
  return errors;
}

/**
 * Errors of an add-in only manifest against Microsoft's XSDs, with line numbers (empty when
 * valid). A missing schema folder or xmllint is an error, never a silent pass.
 */
export async function validateXmlManifest(
  xml: string,
  options: XmlValidationOptions = {},
): Promise<string[]> {
  const schemaDir = options.schemaDir ?? defaultSchemaDir();
  const schema = join(schemaDir, ENTRY_SCHEMA);
  if (!existsSync(schema)) {
    return [
      `${schema}: schema not found, the XML manifest was NOT validated ` +
        "(the add-in manifest XSDs are expected in manifests/schemas/office-addin-manifest; " +
        "pass another folder with --schema-dir)",
    ];
  }
  const xmllint = options.xmllint ?? "xmllint";
  const result = await run(xmllint, ["--noout", "--nonet", "--schema", schema, "-"], xml);
  if (result.spawnError) {
    return [
      `${xmllint}: cannot run (${result.spawnError.code ?? result.spawnError.message}), the XML ` +
        "manifest was NOT validated (install libxml2-utils)",
    ];
  }
  if (result.code === 0) return [];
  const errors = parseReport(result.stderr);
  if (errors.length > 0) return errors;
  const detail = result.stderr.trim() || `exit code ${result.code}`;
  return [`xmllint: ${withoutNamespaces(detail)}`];
}
