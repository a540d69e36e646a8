/**
 * Server-side fallback for mail sent without the Outlook add-in (mobile apps, other clients):
 * the signature template exported as an Exchange Online transport-rule HTML disclaimer, plus
 * the PowerShell that installs it.
 *
 * Sources (Microsoft Learn):
 * - New-TransportRule, -ApplyHtmlDisclaimerText: the sender tokens and the 5,000-character cap;
 *   -Name: 64 characters at most; -ApplyHtmlDisclaimerFallbackAction: Wrap.
 * - "Mail flow rule conditions and exceptions (predicates) in Exchange Online": the
 *   HeaderContainsMessageHeader/HeaderContainsWords pair, FromScope/SentToScope values.
 * - "Organization-wide disclaimers, signatures, footers, or headers": one disclaimer per
 *   conversation needs an exception on text unique to the disclaimer; no conditional lines.
 * - Office.InternetHeaders (Mailbox requirement set 1.8): headers the add-in sets on compose
 *   stay on the message once it leaves Exchange.
 */
import { randomBytes, randomInt } from "node:crypto";
import {
  type CompiledTemplate,
  type FieldName,
  type LocalizedText,
  renderTemplate,
  type SignatureBanner,
  type SignatureBrand,
  type SignatureView,
  signatureFields,
  toPlainText,
} from "./template";

/** Exchange's cap on the disclaimer text, HTML tags and inline CSS included. */
export const EXCHANGE_DISCLAIMER_MAX_CHARACTERS = 5_000;
/** New-TransportRule caps rule names at 64 characters. */
export const TRANSPORT_RULE_NAME_MAX_LENGTH = 64;
export const DEFAULT_TRANSPORT_RULE_NAME = "Relais - signature de secours";
/**
 * What the Outlook add-in stamps with `item.internetHeaders.setAsync` once it has inserted the
 * signature; the transport rule skips messages carrying it.
 */
export const RELAIS_SIGNATURE_HEADER: Readonly<{ name: string; value: string }> = Object.freeze({
  name: "X-Relais-Signature",
  value: "inserted",
});

type AgentField = Exclude<keyof SignatureView, "photo" | "banner" | "brand">;

/**
 * The sender token Exchange substitutes for each per-agent field, or null when Exchange has
 * none: the field renders empty and its `{{#field}}` sections disappear. Names are those the
 * New-TransportRule reference lists for ApplyHtmlDisclaimerText (not the ADAttribute names of
 * the comparison conditions, such as PhoneNumber or Email). `%%Manager%%` is listed, but
 * Microsoft does not say what it prints (the manager is a directory reference, and cloud
 * objects can be named by an identifier), and there is no token for the manager's title.
 */
export const EXCHANGE_DISCLAIMER_TOKENS: Readonly<Record<AgentField, string | null>> =
  Object.freeze({
    displayName: "%%DisplayName%%",
    givenName: "%%FirstName%%",
    surname: "%%LastName%%",
    jobTitle: "%%Title%%",
    department: "%%Department%%",
    companyName: "%%Company%%",
    officeLocation: "%%Office%%",
    streetAddress: "%%StreetAddress%%",
    postalCode: "%%PostalCode%%",
    city: "%%City%%",
    mail: "%%WindowsEmailAddress%%",
    businessPhone: "%%Phone%%",
    businessPhoneTel: "%%Phone%%",
    mobilePhone: "%%MobilePhone%%",
    mobilePhoneTel: "%%MobilePhone%%",
    pronouns: null,
    extraLine: null,
    managerName: null,
    managerJobTitle: null,
  });

const AGENT_FIELDS = Object.keys(EXCHANGE_DISCLAIMER_TOKENS) as AgentField[];
const TEL_FIELDS: ReadonlySet<string> = new Set(
  signatureFields.filter((entry) => entry.kind === "tel").map((entry) => entry.name),
);

export interface TransportRuleExportInput {
  template: CompiledTemplate;
  brand: SignatureBrand;
  /**
   * A campaign banner, identical for every sender (export again when the campaign changes).
   * Omitted or null: `{{#banner}}` sections disappear.
   */
  banner?: SignatureBanner | null;
  /** Defaults to DEFAULT_TRANSPORT_RULE_NAME; ASCII letters, digits, spaces and `._-()`. */
  ruleName?: string;
  /** The header the add-in sets on messages it signed; defaults to RELAIS_SIGNATURE_HEADER. */
  signedHeader?: { name: string; value: string };
  /** `all` (default): every message from an internal sender; `external`: only those sent outside. */
  scope?: "all" | "external";
  /**
   * Text of the disclaimer whose presence in a message (a quoted earlier disclaimer) skips the
   * rule, so a conversation gets one disclaimer. Unset: every message without the header gets
   * one. ASCII, 3 to 64 characters, and it must appear in the disclaimer's own text.
   */
  conversationMarker?: string;
}

export type TransportRuleExportErrorCode =
  | "too_long"
  | "empty"
  | "invalid_rule_name"
  | "invalid_header_name"
  | "invalid_header_value"
  | "invalid_marker"
  | "marker_not_in_disclaimer";

export type TransportRuleExport =
  | {
      ok: true;
      /** The disclaimer exactly as Exchange stores it: minified, ASCII only, with %%tokens%%. */
      html: string;
      /** `html.length`, the unit of Exchange's 5,000-character cap. */
      characters: number;
      powershell: string;
      notes: LocalizedText[];
    }
  | {
      ok: false;
      code: TransportRuleExportErrorCode;
      message: LocalizedText;
      /** Length of the disclaimer that would have been exported. */
      characters: number;
    };

interface Placeholder {
  field: AgentField;
  /** What the view holds. */
  value: string;
  /** What the engine prints for it. */
  rendered: string;
  replacement: string;
}

/**
 * Per-call random values stand in for the agent fields while rendering, so the engine's
 * sanitising (which would blank `%%MobilePhone%%` as a tel: number) still runs, and so no
 * template or brand text can spell one: only the engine's output for a field is turned into a
 * token.
 */
function makePlaceholders(staticText: string): Placeholder[] {
  for (let attempt = 0; attempt < 5; attempt++) {
    const nonce = randomBytes(12).toString("hex");
    const placeholders = AGENT_FIELDS.flatMap((field, index): Placeholder[] => {
      const token = EXCHANGE_DISCLAIMER_TOKENS[field];
      if (token === null) return [];
      if (TEL_FIELDS.has(field)) {
        const digits = Array.from({ length: 18 }, () => randomInt(10)).join("");
        return [
          { field, value: `+${digits}`, rendered: `tel:+${digits}`, replacement: `tel:${token}` },
        ];
      }
      // The trailing "x" keeps field 1's value from being a prefix of field 10's.
      const value = `relais${nonce}f${index}x`;
      return [{ field, value, rendered: value, replacement: token }];
    });
    const rendered = placeholders.map((placeholder) => placeholder.rendered);
    if (
      new Set(rendered).size === rendered.length &&
      rendered.every((text) => !staticText.includes(text))
    ) {
      return placeholders;
    }
  }
  throw new Error("could not draw placeholders absent from the template");
}

function exportView(
  placeholders: readonly Placeholder[],
  brand: SignatureBrand,
  banner: SignatureBanner | null,
): SignatureView {
  const values = new Map(placeholders.map((placeholder) => [placeholder.field, placeholder.value]));
  const agent = Object.fromEntries(AGENT_FIELDS.map((field) => [field, values.get(field) ?? null]));
  return { ...(agent as Record<AgentField, string | null>), photo: null, banner, brand };
}

const COMMENT = /<!--[\s\S]*?-->/g;
// Outlook's conditional comments carry markup; any other comment is dead weight.
const CONDITIONAL_COMMENT = /\[(?:if|endif)\b/i;
// Tags around which whitespace never renders: tables, blocks and line breaks.
const BLOCK_TAG =
  /^<\/?(?:table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|div|p|br|hr|ul|ol|li|h[1-6]|center|blockquote|address|html|head|body|title)(?![a-z0-9-])/i;
const HTML_TOKEN = /<[a-z/!][^>]*>|[^<]+|</gi;
// HTML whitespace only: a no-break space is content.
const HTML_SPACES = /[ \t\n\r\f]+/g;
const PRESERVED_WHITESPACE = /<pre\b|white-space\s*:\s*pre/i;

/** Drops comments and the whitespace a browser would not render, to save characters. */
function minify(html: string): string {
  const withoutComments = html.replace(COMMENT, (comment) =>
    CONDITIONAL_COMMENT.test(comment) ? comment : "",
  );
  if (PRESERVED_WHITESPACE.test(withoutComments)) return withoutComments.trim();
  const tokens = withoutComments.match(HTML_TOKEN) ?? [];
  const isBlock = (token: string | undefined) => token !== undefined && BLOCK_TAG.test(token);
  let output = "";
  for (const [index, token] of tokens.entries()) {
    if (token.length > 1 && token.startsWith("<")) {
      output += token.replace(HTML_SPACES, " ").replace(/ (\/?>)$/, "$1");
      continue;
    }
    let text = token.replace(HTML_SPACES, " ");
    if (index === 0 || isBlock(tokens[index - 1])) text = text.replace(/^ /, "");
    if (index === tokens.length - 1 || isBlock(tokens[index + 1])) text = text.replace(/ $/, "");
    output += text;
  }
  return output;
}

/**
 * Exchange substitutes any `%%Attribute%%` it finds, including ones the locked-down template
 * language never offers (%%HomePhone%%, %%Notes%%…): break every `%%` the render produced.
 * `&#37;` is a `%` to the reader.
 */
function neutralizeTokens(html: string): string {
  return html.replaceAll("%%", "%&#37;");
}

/**
 * Only ASCII reaches the script: Windows PowerShell 5.1 reads a BOM-less .ps1 as ANSI, and a
 * mis-decoded UTF-8 byte can become ‘ ’ or ‚, which PowerShell also takes for a quote.
 */
function toAscii(html: string): string {
  return html.replace(
    /[^\t\n\r\x20-\x7E]/gu,
    (character) => `&#x${(character.codePointAt(0) ?? 0xfffd).toString(16).toUpperCase()};`,
  );
}

/** A PowerShell single-quoted literal: no `$` or backtick expansion; every quote doubled. */
function powerShellString(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, "$&$&")}'`;
}

const RULE_NAME = /^[A-Za-z0-9._()-](?:[A-Za-z0-9 ._()-]*[A-Za-z0-9._()-])?$/;
// RFC 5322 field-name: printable US-ASCII except the colon.
const HEADER_NAME = /^[\x21-\x39\x3B-\x7E]{1,64}$/;
const HEADER_VALUE = /^[A-Za-z0-9._-]{1,64}$/;
const MARKER = /^[A-Za-z0-9](?:[A-Za-z0-9 ._-]{1,62})[A-Za-z0-9]$/;

function failure(
  code: TransportRuleExportErrorCode,
  characters: number,
  message: LocalizedText,
): TransportRuleExport {
  return { ok: false, code, message, characters };
}

function formatCount(value: number, locale: string): string {
  return value.toLocaleString(locale);
}

function fieldList(fields: readonly string[]): string {
  return fields.map((field) => `{{${field}}}`).join(", ");
}

interface NoteContext {
  fields: readonly FieldName[];
  banner: boolean;
  header: { name: string; value: string };
  marker: string | undefined;
}

function exportNotes({ fields, banner, header, marker }: NoteContext): LocalizedText[] {
  const used = (field: string) =>
    fields.some((name) => name === field || name.startsWith(`${field}.`));
  const filled = AGENT_FIELDS.filter((field) => EXCHANGE_DISCLAIMER_TOKENS[field] && used(field));
  const dropped = AGENT_FIELDS.filter((field) => !EXCHANGE_DISCLAIMER_TOKENS[field] && used(field));
  const headerLine = `${header.name}: ${header.value}`;
  const notes: LocalizedText[] = [];
  if (filled.length > 0) {
    notes.push({
      fr: `Exchange ne sait pas masquer une ligne vide : les sections {{#…}} des champs qu'il remplit (${fieldList(filled)}) restent affichées pour tous les agents, même quand l'attribut est vide dans l'annuaire, et leurs sections {{^…}} ne s'affichent jamais. Complétez l'annuaire ou retirez ces sections du modèle.`,
      en: `Exchange cannot hide an empty line: the {{#…}} sections of the fields it fills (${fieldList(filled)}) stay visible for every agent, even when the directory attribute is empty, and their {{^…}} sections never show. Complete the directory or remove these sections from the template.`,
    });
  }
  if (dropped.length > 0) {
    notes.push({
      fr: `Exchange n'a pas de jeton pour ${fieldList(dropped)} : ces champs sont vides et leurs sections {{#…}} retirées.`,
      en: `Exchange has no token for ${fieldList(dropped)}: these fields are empty and their {{#…}} sections removed.`,
    });
  }
  if (used("photo")) {
    notes.push({
      fr: "Une règle de transport n'a pas d'adresse de photo par agent : la section {{#photo}} est retirée (la section {{^photo}} s'affiche).",
      en: "A transport rule has no per-agent photo URL: the {{#photo}} section is removed ({{^photo}} shows instead).",
    });
  }
  if (used("banner")) {
    notes.push(
      banner
        ? {
            fr: "La bannière est figée dans la règle, la même pour tous : réexportez et relancez le script à chaque changement de campagne.",
            en: "The banner is frozen in the rule, the same for everyone: export and run the script again whenever the campaign changes.",
          }
        : {
            fr: "Aucune bannière fournie : la section {{#banner}} est retirée.",
            en: "No banner given: the {{#banner}} section is removed.",
          },
    );
  }
  if (used("businessPhoneTel") || used("mobilePhoneTel")) {
    notes.push({
      fr: "Les liens tel: reçoivent le numéro tel qu'il est écrit dans l'annuaire : saisissez-le au format international (+687…) pour qu'il reste composable.",
      en: "tel: links get the number as written in the directory: store it in international format (+687…) so that it stays dialable.",
    });
  }
  notes.push({
    fr: `Le complément Outlook doit poser l'en-tête « ${headerLine} » (item.internetHeaders.setAsync, ensemble de conditions requises Mailbox 1.8) une fois la signature insérée : les messages qui le portent ne reçoivent pas la signature de secours. Sans cet en-tête (client ne gérant pas l'API, en-tête perdu), le message est signé deux fois ; vérifiez-le avec un envoi test depuis chaque client.`,
    en: `The Outlook add-in must set the "${headerLine}" header (item.internetHeaders.setAsync, Mailbox requirement set 1.8) once it has inserted the signature: messages carrying it do not get the fallback signature. Without the header (a client without the API, a lost header), the message is signed twice; check with a test message from each client.`,
  });
  notes.push({
    fr: "Exchange ajoute la signature tout en bas du message, sous le texte cité des réponses et transferts, et elle n'apparaît pas dans les Éléments envoyés. Un message en texte brut la reçoit sans mise en forme.",
    en: "Exchange adds the signature at the very bottom of the message, below the quoted text of replies and forwards, and it does not show in Sent Items. A plain-text message gets it without formatting.",
  });
  notes.push(
    marker === undefined
      ? {
          fr: "Chaque message envoyé sans le complément est signé, réponses comprises : dans une conversation, les signatures de secours s'empilent en bas du fil. Pour n'en ajouter qu'une par conversation, comme le recommande Microsoft, indiquez un texte repère présent dans la signature.",
          en: "Every message sent without the add-in is signed, replies included: in a conversation, fallback signatures pile up at the bottom of the thread. To add only one per conversation, as Microsoft recommends, give a marker text found in the signature.",
        }
      : {
          fr: `Les messages contenant « ${marker} » (dans l'objet ou le corps, y compris le texte cité) ne sont pas signés : une conversation n'en reçoit qu'une, et un agent qui répond sous une signature citée n'a pas la sienne.`,
          en: `Messages containing "${marker}" (in the subject or the body, quoted text included) are not signed: a conversation gets only one signature, and an agent replying below a quoted one does not get theirs.`,
        },
  );
  notes.push({
    fr: "Si Exchange ne peut pas modifier un message (chiffré ou signé numériquement), le repli « Wrap » l'envoie en pièce jointe d'un nouveau message portant la signature. Testez la règle sur quelques comptes avant de la généraliser.",
    en: 'When Exchange cannot modify a message (encrypted or digitally signed), the "Wrap" fallback sends it attached to a new message carrying the signature. Try the rule on a few accounts before rolling it out.',
  });
  return notes;
}

interface ScriptSettings {
  ruleName: string;
  html: string;
  header: { name: string; value: string };
  scope: "all" | "external";
  marker: string | undefined;
}

function transportRuleScript({ ruleName, html, header, scope, marker }: ScriptSettings): string {
  const settings: [string, string][] = [["FromScope", powerShellString("InOrganization")]];
  if (scope === "external") settings.push(["SentToScope", powerShellString("NotInOrganization")]);
  settings.push(
    ["ApplyHtmlDisclaimerLocation", powerShellString("Append")],
    ["ApplyHtmlDisclaimerText", "$disclaimer"],
    ["ApplyHtmlDisclaimerFallbackAction", powerShellString("Wrap")],
    ["ExceptIfHeaderContainsMessageHeader", powerShellString(header.name)],
    ["ExceptIfHeaderContainsWords", powerShellString(header.value)],
  );
  if (marker !== undefined) {
    settings.push(["ExceptIfSubjectOrBodyContainsWords", powerShellString(marker)]);
  }
  settings.push([
    "Comments",
    powerShellString(
      "Managed by Relais: edit the template in Relais, then export this script again.",
    ),
  ]);
  // An update must also drop the optional conditions an earlier export may have set.
  const clears = [
    ...(scope === "external" ? [] : ["-SentToScope $null"]),
    ...(marker === undefined ? ["-ExceptIfSubjectOrBodyContainsWords $null"] : []),
  ];
  return [
    `# Relais : installe ou met à jour la règle de transport qui ajoute la signature de secours (jetons %%…%% remplis par Exchange) aux messages envoyés par les agents sans le complément Outlook ; les messages portant l'en-tête « ${header.name}: ${header.value} », déjà signés par le complément, sont exclus.`,
    "$ErrorActionPreference = 'Stop'",
    "Connect-ExchangeOnline",
    `$ruleName = ${powerShellString(ruleName)}`,
    `$disclaimer = ${powerShellString(html)}`,
    "$settings = @{",
    ...settings.map(([key, value]) => `    ${key} = ${value}`),
    "}",
    "if (Get-TransportRule -Identity $ruleName -ErrorAction SilentlyContinue) {",
    `    Set-TransportRule -Identity $ruleName @settings${clears.map((clear) => ` ${clear}`).join("")}`,
    "} else {",
    "    New-TransportRule -Name $ruleName @settings",
    "}",
    "",
  ].join("\n");
}

/**
 * Renders the template for an Exchange Online transport rule: agent fields become Exchange's
 * sender tokens, fields Exchange cannot fill (pronouns, free line, manager, photo) are empty,
 * the brand and an optional static banner are rendered as usual. The result is minified,
 * encoded as ASCII (non-ASCII characters become numeric references, which count toward the
 * cap) and refused above EXCHANGE_DISCLAIMER_MAX_CHARACTERS.
 */
export function exportTransportRule(input: TransportRuleExportInput): TransportRuleExport {
  const banner = input.banner ?? null;
  const placeholders = makePlaceholders(
    [input.template.source, JSON.stringify(input.brand), JSON.stringify(banner)].join("\n"),
  );
  const rendered = renderTemplate(input.template, exportView(placeholders, input.brand, banner));
  let html = toAscii(neutralizeTokens(minify(rendered)));
  for (const { rendered: placeholder, replacement } of placeholders) {
    html = html.replaceAll(placeholder, replacement);
  }
  const characters = html.length;

  const ruleName = input.ruleName ?? DEFAULT_TRANSPORT_RULE_NAME;
  if (ruleName.length > TRANSPORT_RULE_NAME_MAX_LENGTH || !RULE_NAME.test(ruleName)) {
    return failure("invalid_rule_name", characters, {
      fr: `Nom de règle invalide : de 1 à ${TRANSPORT_RULE_NAME_MAX_LENGTH} caractères parmi les lettres sans accent, les chiffres, l'espace et . _ - ( ), sans espace au début ni à la fin.`,
      en: `Invalid rule name: 1 to ${TRANSPORT_RULE_NAME_MAX_LENGTH} characters among unaccented letters, digits, space and . _ - ( ), with no leading or trailing space.`,
    });
  }
  const header = input.signedHeader ?? RELAIS_SIGNATURE_HEADER;
  if (!HEADER_NAME.test(header.name)) {
    return failure("invalid_header_name", characters, {
      fr: "Nom d'en-tête invalide : de 1 à 64 caractères ASCII imprimables, sans espace ni deux-points (RFC 5322).",
      en: "Invalid header name: 1 to 64 printable ASCII characters, with no space or colon (RFC 5322).",
    });
  }
  if (!HEADER_VALUE.test(header.value)) {
    return failure("invalid_header_value", characters, {
      fr: "Valeur d'en-tête invalide : de 1 à 64 caractères parmi les lettres sans accent, les chiffres et . _ -",
      en: "Invalid header value: 1 to 64 characters among unaccented letters, digits and . _ -",
    });
  }
  const marker = input.conversationMarker;
  if (marker !== undefined && !MARKER.test(marker)) {
    return failure("invalid_marker", characters, {
      fr: "Texte repère invalide : de 3 à 64 caractères parmi les lettres sans accent, les chiffres, l'espace et . _ -, sans espace au début ni à la fin.",
      en: "Invalid marker text: 3 to 64 characters among unaccented letters, digits, space and . _ -, with no leading or trailing space.",
    });
  }

  if (html === "") {
    return failure("empty", characters, {
      fr: "Le modèle ne produit aucun texte à ajouter aux messages.",
      en: "The template produces no text to add to messages.",
    });
  }
  if (characters > EXCHANGE_DISCLAIMER_MAX_CHARACTERS) {
    return failure("too_long", characters, {
      fr: `La signature exportée compte ${formatCount(characters, "fr-FR")} caractères, au-delà des ${formatCount(EXCHANGE_DISCLAIMER_MAX_CHARACTERS, "fr-FR")} qu'Exchange Online accepte dans une règle de transport. Allégez le modèle (textes, styles en ligne) ; chaque caractère accentué compte pour plusieurs, car il est encodé en entité HTML.`,
      en: `The exported signature has ${formatCount(characters, "en-US")} characters, over the ${formatCount(EXCHANGE_DISCLAIMER_MAX_CHARACTERS, "en-US")} Exchange Online accepts in a transport rule. Shorten the template (text, inline styles); each accented character counts as several, since it is encoded as an HTML entity.`,
    });
  }
  // Only the signature's own text counts: a token is replaced before anyone reads the message.
  if (marker !== undefined && !toPlainText(html.replace(/%%[A-Za-z]+%%/g, " ")).includes(marker)) {
    return failure("marker_not_in_disclaimer", characters, {
      fr: "Le texte repère doit figurer tel quel dans le texte de la signature exportée.",
      en: "The marker text must appear as is in the exported signature's text.",
    });
  }

  const scope = input.scope ?? "all";
  return {
    ok: true,
    html,
    characters,
    powershell: transportRuleScript({ ruleName, html, header, scope, marker }),
    notes: exportNotes({ fields: input.template.fields, banner: banner !== null, header, marker }),
  };
}
