import { openingTag, type ParsedSignature, type SignatureElement } from "./html";
import type { EmailSafetyIssue, EmailSafetyOptions, LocalizedMessage } from "./types";

/** Outlook's `setSignatureAsync` limit, in characters. */
export const OUTLOOK_SIGNATURE_MAX_CHARACTERS = 30_000;
/** The product's target size, in UTF-8 bytes. */
export const SIGNATURE_TARGET_BYTES = 8_192;

export function checkSize(characters: number, bytes: number): EmailSafetyIssue[] {
  const issues: EmailSafetyIssue[] = [];
  if (characters > OUTLOOK_SIGNATURE_MAX_CHARACTERS) {
    issues.push({
      code: "size-limit-exceeded",
      severity: "error",
      message: {
        fr: `La signature fait ${characters} caractères ; Outlook en accepte au plus ${OUTLOOK_SIGNATURE_MAX_CHARACTERS}.`,
        en: `The signature is ${characters} characters long; Outlook accepts at most ${OUTLOOK_SIGNATURE_MAX_CHARACTERS}.`,
      },
    });
  }
  if (bytes > SIGNATURE_TARGET_BYTES) {
    issues.push({
      code: "size-over-target",
      severity: "warning",
      message: {
        fr: `La signature pèse ${bytes} octets, au-delà de l'objectif de ${SIGNATURE_TARGET_BYTES} octets (8 Ko) : chaque e-mail envoyé l'embarque.`,
        en: `The signature weighs ${bytes} bytes, over the ${SIGNATURE_TARGET_BYTES}-byte (8 KB) target: every email sent carries it.`,
      },
    });
  }
  return issues;
}

const FORBIDDEN_ELEMENTS: ReadonlyMap<string, LocalizedMessage> = new Map([
  ["script", { fr: "les scripts sont supprimés", en: "scripts are stripped" }],
  [
    "style",
    {
      fr: "les blocs <style> sont supprimés par Gmail et une partie des messageries ; utilisez des styles en ligne",
      en: "<style> blocks are stripped by Gmail and other clients; use inline styles",
    },
  ],
  [
    "link",
    {
      fr: "les feuilles de style externes ne sont pas chargées",
      en: "external stylesheets are not loaded",
    },
  ],
  ["form", { fr: "les formulaires ne fonctionnent pas", en: "forms do not work" }],
  ["input", { fr: "les champs de saisie ne fonctionnent pas", en: "form fields do not work" }],
  ["button", { fr: "les champs de saisie ne fonctionnent pas", en: "form fields do not work" }],
  ["select", { fr: "les champs de saisie ne fonctionnent pas", en: "form fields do not work" }],
  ["textarea", { fr: "les champs de saisie ne fonctionnent pas", en: "form fields do not work" }],
  ["iframe", { fr: "les iframes sont bloquées", en: "iframes are blocked" }],
  ["frame", { fr: "les cadres sont bloqués", en: "frames are blocked" }],
  ["frameset", { fr: "les cadres sont bloqués", en: "frames are blocked" }],
  ["applet", { fr: "les contenus embarqués sont bloqués", en: "embedded content is blocked" }],
  [
    "meta",
    {
      fr: "les métadonnées de page n'ont pas leur place dans un fragment inséré dans un e-mail",
      en: "page metadata does not belong in a fragment inserted into an email",
    },
  ],
  [
    "base",
    {
      fr: "il changerait l'adresse de tous les liens de l'e-mail",
      en: "it would change the address of every link in the email",
    },
  ],
  // Not in caniemail's element list, yet not rendered by Outlook for Windows nor Gmail.
  [
    "svg",
    {
      fr: "le SVG intégré ne s'affiche ni dans Outlook ni dans Gmail",
      en: "inline SVG is not shown by Outlook nor Gmail",
    },
  ],
  ["object", { fr: "les contenus embarqués sont bloqués", en: "embedded content is blocked" }],
  ["embed", { fr: "les contenus embarqués sont bloqués", en: "embedded content is blocked" }],
]);

const NUMERIC = /^[1-9]\d*$/;
const EVENT_HANDLER = /^on[a-z]+$/;
const SCRIPT_URL = /^\s*(?:javascript|vbscript):/i;
const URL_ATTRIBUTES = ["href", "src", "action", "formaction", "background", "poster"];
const TRANSPARENT = /^(?:transparent|none|inherit|initial|unset|revert)$/i;
const BACKGROUND_KEYWORDS = new Set([
  "none",
  "transparent",
  "repeat",
  "no-repeat",
  "repeat-x",
  "repeat-y",
  "space",
  "round",
  "scroll",
  "fixed",
  "local",
  "top",
  "bottom",
  "left",
  "right",
  "center",
  "cover",
  "contain",
  "auto",
  "border-box",
  "padding-box",
  "content-box",
  "inherit",
  "initial",
  "unset",
  "revert",
]);

type Push = (
  element: SignatureElement,
  issue: Omit<EmailSafetyIssue, "severity" | "excerpt"> &
    Partial<Pick<EmailSafetyIssue, "severity">>,
) => void;

export function checkStructure(
  parsed: ParsedSignature,
  options: EmailSafetyOptions,
): EmailSafetyIssue[] {
  const issues: EmailSafetyIssue[] = [];
  const push: Push = (element, issue) => {
    const found: EmailSafetyIssue = { severity: "error", ...issue };
    if (element.start >= 0) found.excerpt = openingTag(parsed.source, element.start);
    issues.push(found);
  };

  for (const element of parsed.elements) {
    const { tag, attributes, style } = element;

    const forbidden = FORBIDDEN_ELEMENTS.get(tag);
    if (forbidden) {
      push(element, {
        code: "forbidden-element",
        feature: `<${tag}>`,
        message: {
          fr: `Élément <${tag}> interdit dans une signature : ${forbidden.fr}.`,
          en: `<${tag}> is not allowed in a signature: ${forbidden.en}.`,
        },
      });
    }

    for (const [name, value] of Object.entries(attributes)) {
      if (EVENT_HANDLER.test(name)) {
        push(element, {
          code: "event-handler-attribute",
          feature: name,
          message: {
            fr: `Attribut « ${name} » interdit : les scripts ne s'exécutent pas dans les e-mails.`,
            en: `The "${name}" attribute is not allowed: scripts do not run in emails.`,
          },
        });
      } else if (URL_ATTRIBUTES.includes(name) && SCRIPT_URL.test(value)) {
        push(element, {
          code: "script-url",
          feature: name,
          message: {
            fr: `URL de script interdite dans « ${name} » : les scripts ne s'exécutent pas dans les e-mails.`,
            en: `Script URL in "${name}" is not allowed: scripts do not run in emails.`,
          },
        });
      }
    }

    const display = style.get("display");
    if (display && /^(?:inline-)?(?:flex|grid)\b/i.test(display)) {
      push(element, {
        code: "css-flex-grid-layout",
        feature: `display:${display.toLowerCase()}`,
        message: {
          fr: `Mise en page en display:${display} : Outlook pour Windows ne la gère pas. Utilisez des tableaux (role="presentation").`,
          en: `display:${display} layout is not supported by Outlook for Windows. Use tables (role="presentation").`,
        },
      });
    }

    if (style.has("position")) {
      push(element, {
        code: "css-position",
        feature: "position",
        message: {
          fr: "Propriété CSS position interdite : Outlook pour Windows et Gmail l'ignorent ou la suppriment.",
          en: "The CSS position property is not allowed: Outlook for Windows and Gmail ignore or strip it.",
        },
      });
    }

    if (tag === "img") checkImage(element, options, push);
    else if (tag === "table") checkTable(element, push);
    else if (tag === "a") checkLink(element, options, push);
    if (tag === "td" || tag === "th") checkCellBackground(element, push);
  }
  return issues;
}

function checkImage(element: SignatureElement, options: EmailSafetyOptions, push: Push): void {
  const { width, height, alt, src = "" } = element.attributes;
  if (!NUMERIC.test(width ?? "") || !NUMERIC.test(height ?? "")) {
    push(element, {
      code: "img-dimensions-missing",
      feature: "<img>",
      message: {
        fr: 'Image sans attributs width et height numériques (ex. width="120" height="40") : Outlook l\'affiche à sa taille réelle.',
        en: 'Image without numeric width and height attributes (e.g. width="120" height="40"): Outlook shows it at its actual size.',
      },
    });
  }

  if (alt === undefined) {
    push(element, {
      code: "img-alt-missing",
      severity: "warning",
      feature: "alt",
      message: {
        fr: "Image sans attribut alt : il s'affiche quand les images sont bloquées et est lu par les lecteurs d'écran.",
        en: "Image without an alt attribute: it is shown when images are blocked and read by screen readers.",
      },
    });
  }

  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(src)?.[1]?.toLowerCase();
  if (scheme === "cid" || scheme === "data") {
    push(element, {
      code: "img-src-embedded",
      feature: `${scheme}:`,
      message: {
        fr: `Image intégrée (${scheme}:) : Gmail ne l'affiche pas et elle alourdit chaque e-mail. Hébergez-la en https.`,
        en: `Embedded image (${scheme}:): Gmail does not show it and it weighs down every email. Host it over https.`,
      },
    });
  } else if (!isAllowedUrl(src, options)) {
    push(element, {
      code: "img-src-not-https",
      feature: "src",
      message: {
        fr: "L'adresse de l'image doit être une URL https complète, sinon les destinataires ne la voient pas.",
        en: "The image address must be a full https URL, otherwise recipients do not see it.",
      },
    });
  }

  const format = imageFormat(src, scheme);
  if (format) {
    push(element, {
      code: "img-format-unsupported",
      feature: format,
      message: {
        fr: `Image ${format} : Outlook pour Windows ou Gmail ne l'affichent pas. Utilisez PNG, JPEG ou GIF.`,
        en: `${format} image: not shown by Outlook for Windows or Gmail. Use PNG, JPEG or GIF.`,
      },
    });
  }
}

function imageFormat(src: string, scheme: string | undefined): "SVG" | "WebP" | undefined {
  let name: string;
  if (scheme === "data") {
    name = /^\s*data:([^;,]*)/i.exec(src)?.[1]?.trim().toLowerCase() ?? "";
    if (name === "image/svg+xml") return "SVG";
    if (name === "image/webp") return "WebP";
    return undefined;
  }
  name = src.split(/[?#]/, 1)[0]?.trim().toLowerCase() ?? "";
  if (/\.svgz?$/.test(name)) return "SVG";
  if (name.endsWith(".webp")) return "WebP";
  return undefined;
}

function isAllowedUrl(value: string, options: EmailSafetyOptions): boolean {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  if (url.protocol === "https:") return url.hostname !== "";
  return (
    options.allowLocalHttp === true &&
    url.protocol === "http:" &&
    (url.hostname === "localhost" || url.hostname === "127.0.0.1")
  );
}

function checkTable(element: SignatureElement, push: Push): void {
  const { attributes } = element;
  if (attributes.role?.trim().toLowerCase() !== "presentation") {
    push(element, {
      code: "table-role-missing",
      severity: "warning",
      feature: "role",
      message: {
        fr: "Tableau sans role=\"presentation\" : les lecteurs d'écran l'annoncent comme un tableau de données.",
        en: 'Table without role="presentation": screen readers announce it as a data table.',
      },
    });
  }
  const missing = ["cellpadding", "cellspacing", "border"].filter(
    (a) => attributes[a] === undefined,
  );
  if (missing.length > 0) {
    push(element, {
      code: "table-attributes-missing",
      severity: "warning",
      feature: missing.join(", "),
      message: {
        fr: `Tableau sans attribut ${missing.join(", ")} : Outlook et Gmail ajoutent alors leurs propres espacements et bordures (mettez-les à 0).`,
        en: `Table without the ${missing.join(", ")} attribute(s): Outlook and Gmail then add their own spacing and borders (set them to 0).`,
      },
    });
  }
}

function checkLink(element: SignatureElement, options: EmailSafetyOptions, push: Push): void {
  const href = element.attributes.href?.trim() ?? "";
  if (/^(?:mailto|tel):\S/i.test(href) || isAllowedUrl(href, options)) return;
  push(element, {
    code: "link-href-invalid",
    severity: "warning",
    feature: "href",
    message: {
      fr: "Lien sans adresse https:, mailto: ou tel: : il risque d'être bloqué ou de ne mener nulle part.",
      en: "Link without an https:, mailto: or tel: address: it may be blocked or lead nowhere.",
    },
  });
}

function checkCellBackground(element: SignatureElement, push: Push): void {
  if (element.attributes.bgcolor !== undefined) return;
  const color = element.style.get("background-color");
  const shorthand = element.style.get("background");
  const hasColor =
    (color !== undefined && !TRANSPARENT.test(color)) ||
    (shorthand !== undefined && backgroundHasColor(shorthand));
  if (!hasColor) return;
  push(element, {
    code: "cell-bgcolor-missing",
    severity: "warning",
    feature: "bgcolor",
    message: {
      fr: "Cellule colorée uniquement en CSS : ajoutez aussi l'attribut bgcolor, que certaines versions d'Outlook et des messageries exigent.",
      en: "Cell coloured in CSS only: also add the bgcolor attribute, which some Outlook versions and clients require.",
    },
  });
}

function backgroundHasColor(value: string): boolean {
  const withoutImages = value.replace(/\b(?:url|[a-z-]*gradient|image-set)\([^)]*\)/gi, " ");
  if (/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/i.test(withoutImages)) return true;
  return withoutImages
    .toLowerCase()
    .split(/[\s,/]+/)
    .some((token) => /^[a-z]+$/.test(token) && !BACKGROUND_KEYWORDS.has(token));
}
