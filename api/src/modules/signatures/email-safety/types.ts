export interface LocalizedMessage {
  fr: string;
  en: string;
}

export type EmailSafetySeverity = "error" | "warning";

export type EmailSafetyIssueCode =
  /** A caniemail feature has no support in at least one checked client. */
  | "client-unsupported"
  /** A caniemail feature is only partially supported by some checked clients. */
  | "client-partial"
  /** caniemail could not analyse the HTML (malformed CSS); client support is unverified. */
  | "client-check-failed"
  | "size-limit-exceeded"
  | "size-over-target"
  | "img-dimensions-missing"
  | "img-src-not-https"
  | "img-src-embedded"
  | "img-format-unsupported"
  | "img-alt-missing"
  | "forbidden-element"
  | "event-handler-attribute"
  | "script-url"
  | "css-flex-grid-layout"
  | "css-position"
  | "table-role-missing"
  | "table-attributes-missing"
  | "cell-bgcolor-missing"
  | "link-href-invalid";

export interface EmailSafetyIssue {
  code: EmailSafetyIssueCode;
  severity: EmailSafetySeverity;
  /** Keys of `EMAIL_CLIENTS` affected (caniemail issues only). */
  clients?: string[];
  /** caniemail feature title, or the offending tag/attribute/CSS property. */
  feature?: string;
  message: LocalizedMessage;
  /** Opening tag of the first offending element, truncated. */
  excerpt?: string;
}

export interface EmailSafetyReport {
  /** No issue of severity "error". */
  ok: boolean;
  /** UTF-16 length, the unit of Outlook's `setSignatureAsync` limit. */
  characters: number;
  /** UTF-8 size, the unit of the product's size target. */
  bytes: number;
  issues: EmailSafetyIssue[];
}

export interface EmailSafetyOptions {
  /** Accept `http://localhost` and `http://127.0.0.1` image and link URLs (local development). */
  allowLocalHttp?: boolean;
}
