/**
 * A regex-level guard on the template's own HTML, catching the obvious mistakes early in the
 * editor. It is deliberately simple (no HTML parsing, no entity decoding, so `&#106;avascript:`
 * passes): the email-safety checker run before publication is the real gate.
 *
 * Text between placeholders is joined before matching, so `<scr{{! }}ipt>` is still caught.
 */
import { quote, type TemplateError, templateError } from "./errors";
import type { LocalizedText } from "./fields";
import type { JoinedText } from "./tags";

/** Elements that run code, load other documents, take input or carry style sheets. */
const FORBIDDEN_ELEMENTS = [
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "form",
  "input",
  "button",
  "select",
  "textarea",
  "style",
  "link",
  "meta",
  "base",
];

const ELEMENT = new RegExp(`<(${FORBIDDEN_ELEMENTS.join("|")})(?![a-z0-9-])`, "gi");
const START_TAG = /<[a-z][^>]*/gi;
const EVENT_HANDLER = /(?<=[\s"'/])on[a-z][a-z0-9_-]*\s*=/gi;
// Browsers drop tabs and line breaks inside URLs, so "java\tscript:" still runs.
const SCRIPT_URL = new RegExp(
  ["javascript", "vbscript"]
    .map((scheme) => `${scheme.split("").join("[\\t\\n\\r]*")}[\\t\\n\\r]*:`)
    .join("|"),
  "gi",
);

const elementMessage = (name: string): LocalizedText => ({
  fr: `La balise <${name}> est interdite dans une signature (seuls les styles en ligne sont permis).`,
  en: `The <${name}> element is not allowed in a signature (only inline styles are).`,
});

export function findForbiddenHtml(
  source: string,
  { text: joined, offsets }: JoinedText,
): TemplateError[] {
  const errors: TemplateError[] = [];
  const report = (
    code: "forbidden_html_element" | "forbidden_event_handler" | "forbidden_url_scheme",
    index: number,
    length: number,
    message: LocalizedText,
  ) => {
    const start = offsets[index] ?? 0;
    const end = (offsets[index + length - 1] ?? start) + 1;
    errors.push(templateError(source, code, start, end, message));
  };

  for (const match of joined.matchAll(ELEMENT)) {
    const name = (match[1] ?? "").toLowerCase();
    report("forbidden_html_element", match.index, match[0].length, elementMessage(name));
  }
  for (const tag of joined.matchAll(START_TAG)) {
    for (const handler of tag[0].matchAll(EVENT_HANDLER)) {
      const attribute = handler[0].replace(/\s*=$/, "");
      report("forbidden_event_handler", tag.index + handler.index, handler[0].length, {
        fr: `L'attribut ${quote(attribute, "fr")} est interdit : aucun script dans une signature.`,
        en: `The ${quote(attribute, "en")} attribute is not allowed: no scripts in a signature.`,
      });
    }
  }
  for (const match of joined.matchAll(SCRIPT_URL)) {
    report("forbidden_url_scheme", match.index, match[0].length, {
      fr: `Les liens ${quote(match[0], "fr")} sont interdits.`,
      en: `${quote(match[0], "en")} links are not allowed.`,
    });
  }
  return errors;
}

// A placeholder right at the start of a URL attribute decides the scheme, e.g. javascript:.
const URL_ATTRIBUTE_START =
  /[\s"'/](?:href|src|srcset|background|action|formaction|poster|cite|longdesc|xlink:href)\s*=\s*["']?\s*$/i;

/** Whether a placeholder whose preceding HTML is `before` opens a URL attribute's value. */
export function startsUrlAttribute(before: string): boolean {
  return URL_ATTRIBUTE_START.test(before);
}
