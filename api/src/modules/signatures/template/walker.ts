/**
 * Renders mustache's parse tree of a validated template, without mustache's general-purpose
 * machinery (lambdas, partials, arrays, context lookups): a bulk render runs it 50,000 times.
 *
 * Every name a validated template uses is a registered field, and no group's member is named
 * like a field or a group (engine.ts checks this when it loads), so mustache's lookup, "the
 * innermost context that has the name wins", always ends at the root view. Each name is
 * therefore resolved once, when the plan is made, to a slot of a flat array of values that
 * the view is laid out in. A test holds the output to mustache's own on the built-in templates
 * and hostile values.
 */

// mustache's parse tree: [kind, value, start, end, children (sections), sectionEnd].
export type Token = [string, string, number, number, ...unknown[]];

type Step =
  | { kind: "text"; text: string }
  | { kind: "name"; slot: number }
  | { kind: "section" | "inverted"; slot: number; steps: readonly Step[] };

export type RenderPlan = readonly Step[];

/**
 * A copy of `text` in one piece. mustache builds a text token a character at a time, so its
 * value is a rope of hundreds of pieces; rendering would copy it piece by piece every time.
 */
function flat(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}

/** `slotOf` gives the slot of a registered name: the index of its value in the view. */
export function planOf(tokens: readonly Token[], slotOf: (name: string) => number): RenderPlan {
  const steps: Step[] = [];
  for (const token of tokens) {
    const [kind, value, , , children] = token;
    if (kind === "text") steps.push({ kind: "text", text: flat(value) });
    else if (kind === "name") steps.push({ kind: "name", slot: slotOf(value) });
    else if (kind === "#" || kind === "^") {
      steps.push({
        kind: kind === "#" ? "section" : "inverted",
        slot: slotOf(value),
        steps: planOf((children ?? []) as Token[], slotOf),
      });
    }
    // Comments render nothing; validation refuses every other kind.
  }
  return steps;
}

/**
 * Values are strings, numbers, null or groups: a section renders once when its value is truthy
 * (a non-empty text, a non-zero number, a group), an inverted section when it is not.
 */
export function renderPlan(
  plan: RenderPlan,
  values: readonly unknown[],
  escapeValue: (value: unknown) => string,
): string {
  let out = "";
  for (const step of plan) {
    switch (step.kind) {
      case "text":
        out += step.text;
        break;
      case "name": {
        const value = values[step.slot];
        if (value != null) out += escapeValue(value);
        break;
      }
      case "section":
        if (values[step.slot]) out += renderPlan(step.steps, values, escapeValue);
        break;
      case "inverted":
        if (!values[step.slot]) out += renderPlan(step.steps, values, escapeValue);
        break;
    }
  }
  return out;
}
