import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { UNIFIED_MANIFEST_VERSION } from "./outlook-json";

type SchemaFile = "MicrosoftTeams.schema.json" | "MicrosoftTeams.Localization.schema.json";

const compiled = new Map<SchemaFile, ValidateFunction>();

/**
 * Microsoft's schemas are draft-04, which Ajv 8 no longer reads as such. The keywords they use
 * (type, properties, required, enum, pattern, lengths, items, $ref to definitions) mean the same
 * in draft-07, so the `$schema` marker is dropped and the rest compiled unchanged.
 */
function validatorFor(file: SchemaFile): ValidateFunction {
  const cached = compiled.get(file);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const path = join(root, "build/json-schemas/teams", `v${UNIFIED_MANIFEST_VERSION}`, file);
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(path, "utf8")) as Record<
    string,
    unknown
  >;
  // Some patterns (e.g. `\b…\b]`) are only valid without the `u` flag, as Microsoft wrote them.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  compiled.set(file, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || "/";
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") {
    return `${path}: unknown property "${String(params.additionalProperty)}"`;
  }
  if (error.keyword === "enum") {
    const allowed = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value));
    return `${path}: must be one of ${allowed.join(", ")}`;
  }
  return `${path}: ${error.message ?? error.keyword}`;
}

function validateAgainst(file: SchemaFile, document: unknown): string[] {
  const validate = validatorFor(file);
  if (validate(document)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}

/** Errors of a unified manifest against the bundled schema (empty when valid). */
export function validateJsonManifest(manifest: unknown): string[] {
  return validateAgainst("MicrosoftTeams.schema.json", manifest);
}

/** Errors of an app package localization file against the bundled schema. */
export function validateJsonLocalization(strings: unknown): string[] {
  return validateAgainst("MicrosoftTeams.Localization.schema.json", strings);
}
