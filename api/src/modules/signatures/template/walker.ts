/**
 * Renders mustache's parse tree of a validated template, without mustache's general-purpose
 * machinery (lambdas, partials, arrays, per-lookup caches): a bulk render runs it 50,000 times.
 * It follows mustache's semantics for what validated templates contain — text, escaped names
 * and sections over strings, numbers, null and groups — and a test holds it to mustache's
 * output on the built-in templates and hostile values.
 */

// mustache's parse tree: [kind, value, start, end, children (sections), sectionEnd].
export type Token = [string, string, number, number, ...unknown[]];

type View = Readonly<Record<string, unknown>>;

type Step =
  | { kind: "text"; text: string }
  | { kind: "name"; path: Path }
  | { kind: "section" | "inverted"; path: Path; steps: readonly Step[] };

/** A name split once: "photo.url" → ["photo", "url"]. */
interface Path {
  name: string;
  parts: string[] | null;
}

export type RenderPlan = readonly Step[];

export function planOf(tokens: readonly Token[]): RenderPlan {
  const steps: Step[] = [];
  for (const token of tokens) {
    const [kind, value, , , children] = token;
    const path = { name: value, parts: value.indexOf(".") > 0 ? value.split(".") : null };
    if (kind === "text") steps.push({ kind: "text", text: value });
    else if (kind === "name") steps.push({ kind: "name", path });
    else if (kind === "#" || kind === "^") {
      steps.push({
        kind: kind === "#" ? "section" : "inverted",
        path,
        steps: planOf((children ?? []) as Token[]),
      });
    }
    // Comments render nothing; validation refuses every other kind.
  }
  return steps;
}

const isObject = (value: unknown): value is View => typeof value === "object" && value !== null;

/** mustache's Context.lookup: the innermost context that has the name wins. */
function lookup(stack: readonly unknown[], path: Path): unknown {
  for (let level = stack.length - 1; level >= 0; level -= 1) {
    const view = stack[level];
    if (path.parts === null) {
      if (isObject(view) && path.name in view) return view[path.name];
      continue;
    }
    let value: unknown = view;
    let hit = false;
    for (let index = 0; value != null && index < path.parts.length; index += 1) {
      const part = path.parts[index] as string;
      if (index === path.parts.length - 1) {
        hit = isObject(value) ? part in value : Object.hasOwn(Object(value), part);
      }
      value = (value as Record<string, unknown>)[part];
    }
    if (hit) return value;
  }
  return undefined;
}

export function renderPlan(
  plan: RenderPlan,
  stack: unknown[],
  escapeValue: (value: unknown) => string,
): string {
  let out = "";
  for (const step of plan) {
    switch (step.kind) {
      case "text":
        out += step.text;
        break;
      case "name": {
        const value = lookup(stack, step.path);
        if (value != null) out += escapeValue(value);
        break;
      }
      case "section": {
        const value = lookup(stack, step.path);
        if (!value) break;
        if (typeof value === "object" || typeof value === "string" || typeof value === "number") {
          stack.push(value);
          out += renderPlan(step.steps, stack, escapeValue);
          stack.pop();
        } else {
          out += renderPlan(step.steps, stack, escapeValue);
        }
        break;
      }
      case "inverted":
        if (!lookup(stack, step.path)) out += renderPlan(step.steps, stack, escapeValue);
        break;
    }
  }
  return out;
}
