/**
 * What classic Outlook's JavaScript-only runtime accepts: one script, ECMAScript 2016 at most,
 * no modules, no DOM; and the size budgets of the two builds.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Node, parse } from "acorn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BuiltRuntime,
  buildRuntime,
  OFFICE_JS_URL,
  RUNTIME_PAGE,
} from "../../addins/outlook/scripts/build-runtime";

const KB = 1024;
const BUDGET = { withAuth: 100 * KB, withoutAuth: 15 * KB };
/** Browser-only globals the runtime's own code must never name. */
const BROWSER_ONLY = ["document", "window", "localStorage", "sessionStorage", "indexedDB"];

const parseEs2016 = (code: string) => parse(code, { ecmaVersion: 2016, sourceType: "script" });

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== "object" || node === null || typeof (node as Node).type !== "string") return;
  visit(node as Node);
  for (const [key, value] of Object.entries(node)) {
    if (key !== "loc" && typeof value === "object") walk(value, visit);
  }
}

/** Names read as free identifiers or as `window.x` / `globalThis.x` members. */
function referencedNames(code: string): Set<string> {
  const names = new Set<string>();
  walk(parseEs2016(code), (node) => {
    const any = node as Node & {
      name?: string;
      object?: { type: string; name?: string };
      property?: { type: string; name?: string };
      computed?: boolean;
    };
    if (node.type === "Identifier" && any.name) names.add(any.name);
    if (
      node.type === "MemberExpression" &&
      !any.computed &&
      any.object?.type === "Identifier" &&
      (any.object.name === "window" || any.object.name === "globalThis") &&
      any.property?.name
    ) {
      names.add(`${any.object.name}.${any.property.name}`);
    }
  });
  return names;
}

describe("launchevent.js", () => {
  let dir: string;
  const built: Record<"withAuth" | "withoutAuth", BuiltRuntime & { code: string }> = {} as never;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "relais-launchevent-syntax-"));
    for (const [name, withAuth] of [
      ["withAuth", true],
      ["withoutAuth", false],
    ] as const) {
      const result = await buildRuntime({ outDir: join(dir, name), withAuth });
      built[name] = { ...result, code: await readFile(result.file, "utf8") };
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("the ES2016 check bites: newer syntax is refused", () => {
    expect(() => parseEs2016("async function f() { await 1; }")).toThrow();
    expect(() => parseEs2016("const o = { ...a };")).toThrow();
    expect(() => parseEs2016("a ?? b;")).toThrow();
    expect(() => parseEs2016("try {} catch {}")).toThrow();
    expect(() => parseEs2016("import x from 'x';")).toThrow();
    expect(() => parseEs2016("export const x = 1;")).toThrow();
    expect(() => parseEs2016("const f = (a, b) => a ** b; [1].includes(1);")).not.toThrow();
  });

  for (const name of ["withAuth", "withoutAuth"] as const) {
    describe(name === "withAuth" ? "with MSAL" : "without MSAL", () => {
      it("parses as an ES2016 script: no async/await, no modules, no newer syntax", () => {
        const { code } = built[name];
        expect(() => parseEs2016(code)).not.toThrow();
        expect(code).not.toMatch(/\basync\s+function\b|\bawait\s/);
      });

      it("is one self-contained file: no import(), no require, nothing declared globally", () => {
        const ast = parseEs2016(built[name].code) as Node & { body: Node[] };
        const kinds: string[] = [];
        walk(ast, (node) => {
          if (node.type === "ImportExpression") kinds.push("import()");
          const callee = (node as Node & { callee?: { type: string; name?: string } }).callee;
          if (
            node.type === "CallExpression" &&
            callee?.type === "Identifier" &&
            callee.name === "require"
          ) {
            kinds.push("require");
          }
        });
        expect(kinds).toEqual([]);
        // "use strict" and the IIFE: MSAL's `Logger` once clashed with Office.js's (office-js#4764).
        expect(ast.body.map((node) => node.type)).toEqual([
          "ExpressionStatement",
          "ExpressionStatement",
        ]);
      });

      it("reads its configuration from RELAIS_ADDIN_CONFIG and calls the API by absolute URL", () => {
        const names = referencedNames(built[name].code);
        expect(names.has("RELAIS_ADDIN_CONFIG")).toBe(true);
        expect(built[name].code).toContain("/api/signatures/me?");
        expect(built[name].code).not.toMatch(/["'`]\/api\/signatures\/me/);
      });

      it("registers the four handlers the manifests name", () => {
        for (const handler of [
          "onNewMessageComposeHandler",
          "onNewAppointmentOrganizerHandler",
          "onMessageFromChangedHandler",
          "onAppointmentFromChangedHandler",
        ]) {
          expect(built[name].code).toContain(handler);
        }
      });
    });
  }

  it("the runtime's own code names no DOM or web storage (MSAL's, never reached, is shown by the runtime test)", () => {
    const names = referencedNames(built.withoutAuth.code);
    expect(BROWSER_ONLY.filter((global) => names.has(global))).toEqual([]);
    expect(built.withoutAuth.code).not.toMatch(/window\.localStorage|document\./);
  });

  it("fits its budgets: ≤ 15 KB gzipped without MSAL, ≤ 100 KB with", () => {
    expect(built.withoutAuth.gzipBytes).toBeLessThanOrEqual(BUDGET.withoutAuth);
    expect(built.withAuth.gzipBytes).toBeLessThanOrEqual(BUDGET.withAuth);
    expect(built.withAuth.bytes).toBe(Buffer.byteLength(built.withAuth.code));
  });

  it("comes with launchevent.html, which loads Office.js then the script by relative URL", async () => {
    const html = await readFile(join(dir, "withAuth", RUNTIME_PAGE), "utf8");
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*><\/script>/g)].map(
      (match) => match[1],
    );
    expect(scripts).toEqual([OFFICE_JS_URL, "launchevent.js"]);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
  });
});
