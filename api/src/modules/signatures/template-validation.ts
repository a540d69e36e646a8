import type { TemplateSources } from "../../db/schema";
import {
  TEMPLATE_LANGUAGES,
  TEMPLATE_VARIANTS,
  type TemplateLanguage,
  type TemplateVariant,
} from "./builtin";
import {
  checkEmailSafety,
  type EmailSafetyIssue,
  OUTLOOK_SIGNATURE_MAX_CHARACTERS,
} from "./email-safety";
import {
  type CompiledTemplate,
  compileTemplate,
  exampleSignatureView,
  type LocalizedText,
  renderTemplate,
  type SignatureView,
  type TemplateErrorCode,
} from "./template";

/** One source as stored: a language and a variant the author actually wrote. */
export interface StoredSource {
  language: TemplateLanguage;
  variant: TemplateVariant;
  source: string;
}

export interface SourceCompileError {
  language: TemplateLanguage;
  variant: TemplateVariant;
  code: TemplateErrorCode;
  message: LocalizedText;
  line: number;
  column: number;
}

export interface SourceSafetyIssue {
  language: TemplateLanguage;
  variant: TemplateVariant;
  /** The preview views that reveal it (`example`, `photoAndBanner`, `minimal`). */
  views: string[];
  code: EmailSafetyIssue["code"];
  severity: EmailSafetyIssue["severity"];
  message: LocalizedText;
  excerpt?: string;
  /** Length of the longest rendering that reveals it. */
  characters: number;
}

/**
 * The source an agent gets for a language and variant: the variant falls back to `new` within
 * the language first, then English falls back to French (an English reply stays in English).
 */
export function resolveTemplateSource(
  sources: TemplateSources,
  language: TemplateLanguage,
  variant: TemplateVariant,
): { source: string; language: TemplateLanguage; variant: TemplateVariant } {
  if (language === "en" && sources.en) {
    const own = sources.en[variant];
    if (own !== undefined) return { source: own, language: "en", variant };
    if (sources.en.new !== undefined)
      return { source: sources.en.new, language: "en", variant: "new" };
  }
  const french = sources.fr[variant];
  if (french !== undefined) return { source: french, language: "fr", variant };
  return { source: sources.fr.new, language: "fr", variant: "new" };
}

/** The sources written by the author (fallbacks reuse one of them, so checking these suffices). */
export function storedSources(sources: TemplateSources): StoredSource[] {
  const list: StoredSource[] = [];
  for (const language of TEMPLATE_LANGUAGES) {
    const group: Partial<Record<TemplateVariant, string>> | undefined = sources[language];
    for (const variant of TEMPLATE_VARIANTS) {
      const source = group?.[variant];
      if (source !== undefined) list.push({ language, variant, source });
    }
  }
  return list;
}

/**
 * Empty optional variants mean "use the fallback": they are dropped rather than stored, so a
 * cleared field in the editor never renders an empty signature.
 */
export function normalizeSources(input: {
  fr: { new: string; reply?: string | null; meeting?: string | null };
  en?: { new?: string | null; reply?: string | null; meeting?: string | null } | null;
}): TemplateSources {
  const keep = (value: string | null | undefined) =>
    value === undefined || value === null || value.trim() === "" ? undefined : value;
  const fr: TemplateSources["fr"] = { new: input.fr.new };
  const frReply = keep(input.fr.reply);
  const frMeeting = keep(input.fr.meeting);
  if (frReply !== undefined) fr.reply = frReply;
  if (frMeeting !== undefined) fr.meeting = frMeeting;
  const sources: TemplateSources = { fr };
  const en: NonNullable<TemplateSources["en"]> = {};
  for (const variant of TEMPLATE_VARIANTS) {
    const value = keep(input.en?.[variant]);
    if (value !== undefined) en[variant] = value;
  }
  if (Object.keys(en).length > 0) sources.en = en;
  return sources;
}

type Compiled = StoredSource & { template: CompiledTemplate };

function compileAll(sources: TemplateSources): {
  compiled: Compiled[];
  errors: SourceCompileError[];
} {
  const compiled: Compiled[] = [];
  const errors: SourceCompileError[] = [];
  for (const stored of storedSources(sources)) {
    const result = compileTemplate(stored.source);
    if (result.ok) {
      compiled.push({ ...stored, template: result.template });
      continue;
    }
    for (const error of result.errors) {
      errors.push({
        language: stored.language,
        variant: stored.variant,
        code: error.code,
        message: error.message,
        line: error.line,
        column: error.column,
      });
    }
  }
  return { compiled, errors };
}

/** Every compile error of every stored source, with where it is. */
export function compileSources(sources: TemplateSources): SourceCompileError[] {
  return compileAll(sources).errors;
}

function photoAndBannerView(): SignatureView {
  return {
    ...exampleSignatureView(),
    photo: {
      url: "https://signatures.ville-dumbea.nc/photos/exemple.jpg",
      width: 160,
      height: 160,
    },
    banner: {
      imageUrl: "https://signatures.ville-dumbea.nc/banners/exemple.png",
      clickUrl: "https://www.ville-dumbea.nc/agenda",
      alt: "Dumbéa fête Noël — du 13 au 24 décembre",
      width: 600,
      height: 120,
    },
  };
}

/** Only a name and the brand: the `{{^field}}` branches and empty sections get rendered too. */
function minimalView(): SignatureView {
  const example = exampleSignatureView();
  const empty = Object.fromEntries(Object.keys(example).map((key) => [key, null]));
  return {
    ...(empty as unknown as SignatureView),
    displayName: example.displayName,
    brand: example.brand,
  };
}

const submissionViews: Readonly<Record<string, () => SignatureView>> = {
  example: exampleSignatureView,
  photoAndBanner: photoAndBannerView,
  minimal: minimalView,
};

function safetyIssues(
  compiled: readonly Compiled[],
  views: Readonly<Record<string, () => SignatureView>>,
): SourceSafetyIssue[] {
  // The same problem usually shows in every view: reported once, with the views listed.
  const issues = new Map<string, SourceSafetyIssue>();
  const add = (issue: SourceSafetyIssue) => {
    const key = JSON.stringify([issue.language, issue.variant, issue.code, issue.message.en]);
    const known = issues.get(key);
    if (!known) issues.set(key, issue);
    else {
      known.views.push(...issue.views);
      known.characters = Math.max(known.characters, issue.characters);
    }
  };
  for (const { language, variant, template } of compiled) {
    for (const [viewName, makeView] of Object.entries(views)) {
      const html = renderTemplate(template, makeView());
      const report = checkEmailSafety(html);
      const found = report.issues.map((issue) => ({
        language,
        variant,
        views: [viewName],
        code: issue.code,
        severity: issue.severity,
        message: issue.message,
        ...(issue.excerpt === undefined ? {} : { excerpt: issue.excerpt }),
        characters: report.characters,
      }));
      // Outlook refuses longer signatures whatever the email-safety rules say.
      if (
        report.characters > OUTLOOK_SIGNATURE_MAX_CHARACTERS &&
        !found.some((issue) => issue.code === "size-limit-exceeded")
      ) {
        found.push({
          language,
          variant,
          views: [viewName],
          code: "size-limit-exceeded",
          severity: "error",
          message: {
            fr: `La signature fait ${report.characters} caractères ; Outlook en accepte au plus ${OUTLOOK_SIGNATURE_MAX_CHARACTERS}.`,
            en: `The signature is ${report.characters} characters long; Outlook accepts at most ${OUTLOOK_SIGNATURE_MAX_CHARACTERS}.`,
          },
          characters: report.characters,
        });
      }
      for (const issue of found) add(issue);
    }
  }
  return [...issues.values()];
}

/**
 * What the editor shows next to a saved draft: email-safety issues (errors included) of each
 * stored source rendered with the example view. Sources that do not compile are skipped.
 */
export function draftWarnings(sources: TemplateSources): SourceSafetyIssue[] {
  const { compiled } = compileAll(sources);
  return safetyIssues(compiled, { example: exampleSignatureView });
}

/**
 * Why a version cannot be submitted: compile errors, and email-safety errors (the 30,000
 * character limit among them) of each stored source rendered with the example view, with a
 * photo and a banner, and nearly empty.
 */
export function submissionProblems(sources: TemplateSources): {
  errors: SourceCompileError[];
  emailSafety: SourceSafetyIssue[];
} {
  const { compiled, errors } = compileAll(sources);
  const emailSafety = safetyIssues(compiled, submissionViews).filter(
    (issue) => issue.severity === "error",
  );
  return { errors, emailSafety };
}
