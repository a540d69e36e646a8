import { checkClientSupport } from "./clients";
import { parseSignature } from "./html";
import { checkSize, checkStructure } from "./rules";
import type { EmailSafetyOptions, EmailSafetyReport } from "./types";

export {
  CANIEMAIL_OVERRIDES,
  type CaniemailOverride,
  EMAIL_CLIENTS,
  type EmailClientInfo,
  type EmailClientKey,
} from "./clients";
export { OUTLOOK_SIGNATURE_MAX_CHARACTERS, SIGNATURE_TARGET_BYTES } from "./rules";
export type {
  EmailSafetyIssue,
  EmailSafetyIssueCode,
  EmailSafetyOptions,
  EmailSafetyReport,
  EmailSafetySeverity,
  LocalizedMessage,
} from "./types";

/**
 * Checks a rendered signature before it is handed to Outlook's `setSignatureAsync`: caniemail
 * support in the target clients plus the product's structural rules. Pure and synchronous.
 */
export function checkEmailSafety(
  html: string,
  options: EmailSafetyOptions = {},
): EmailSafetyReport {
  const characters = html.length;
  const bytes = Buffer.byteLength(html, "utf8");
  const parsed = parseSignature(html);
  const issues = [
    ...checkSize(characters, bytes),
    ...checkStructure(parsed, options),
    ...checkClientSupport(parsed),
  ];
  issues.sort((a, b) => Number(a.severity === "warning") - Number(b.severity === "warning"));
  return { ok: !issues.some((issue) => issue.severity === "error"), characters, bytes, issues };
}
