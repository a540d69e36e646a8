import { didYouMean, type Findings, GUID, httpsProblem, insecureLink } from "./check-findings";
import { JSON_EVENT_NAMES } from "./launch-events";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

function walk(value: unknown, path: string, visit: (value: string, path: string) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, `${path}[${i}]`, visit);
    });
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      walk(child, path ? `${path}.${key}` : key, visit);
    }
  }
}

const URL_KEY = /(url|Url|^page|^script)$/;

/** The unified manifest's checks; its JSON schema covers shapes, lengths and enums. */
export function checkJsonManifest(manifest: unknown, found: Findings): void {
  const { errors } = found;
  if (!isObject(manifest)) {
    errors.push("JSON manifest: not an object");
    return;
  }
  const id = text(manifest.id);
  if (!id || !GUID.test(id)) errors.push(`id: ${JSON.stringify(manifest.id)} is not a GUID`);
  const appInfo = manifest.webApplicationInfo;
  if (isObject(appInfo) && !GUID.test(text(appInfo.id) ?? "")) {
    errors.push(`webApplicationInfo.id: ${JSON.stringify(appInfo.id)} is not a GUID`);
  }

  walk(manifest, "", (value, path) => {
    if (path === "$schema") return;
    const key = path.slice(path.lastIndexOf(".") + 1);
    const problem = URL_KEY.test(key) ? httpsProblem(value) : insecureLink(value);
    if (problem) errors.push(`${path}: ${problem}`);
  });

  list(manifest.extensions).forEach((extension, e) => {
    if (!isObject(extension)) return;
    const actions = new Map<string, string>();
    list(extension.runtimes).forEach((runtime, r) => {
      if (!isObject(runtime)) return;
      list(runtime.actions).forEach((action, a) => {
        if (!isObject(action)) return;
        const actionId = text(action.id);
        const type = text(action.type) ?? "";
        if (!actionId) return;
        actions.set(actionId, type);
        if (type === "executeFunction") {
          found.functions.push({
            value: actionId,
            where: `extensions[${e}].runtimes[${r}].actions[${a}].id`,
          });
        }
      });
    });
    list(extension.autoRunEvents).forEach((group, g) => {
      if (!isObject(group)) return;
      list(group.events).forEach((event, v) => {
        if (!isObject(event)) return;
        const path = `extensions[${e}].autoRunEvents[${g}].events[${v}]`;
        const type = text(event.type) ?? "";
        if (!JSON_EVENT_NAMES.has(type)) {
          errors.push(
            `${path}.type: unknown event type "${type}"${didYouMean(type, JSON_EVENT_NAMES)}`,
          );
        }
        const actionId = text(event.actionId) ?? "";
        if (actions.get(actionId) !== "executeFunction") {
          errors.push(
            `${path}.actionId: "${actionId}" is not an executeFunction action of extensions[${e}].runtimes`,
          );
        }
      });
    });
    walk(extension.ribbons, `extensions[${e}].ribbons`, (value, path) => {
      if (path.endsWith(".actionId") && !actions.has(value)) {
        errors.push(`${path}: "${value}" is not an action of extensions[${e}].runtimes`);
      }
      if (/\.icons\[\d+\]\.url$/.test(path)) found.icons.push({ value, where: path });
    });
    walk(extension.alternates, `extensions[${e}].alternates`, (value, path) => {
      if (path.endsWith(".url")) found.icons.push({ value, where: path });
    });
  });
}
