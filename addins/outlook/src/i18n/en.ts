import type { TranslationTree } from "@relais/web-shared";
import type { AddinTranslations } from "./fr";

export const en: TranslationTree<AddinTranslations> = {
  app: {
    name: "Relais",
    title: "My signature",
    documentTitle: "Relais — My signature",
    loading: "Loading…",
  },
  variants: {
    label: "Signature variant",
    new: "New message",
    reply: "Reply / forward",
    meeting: "Meeting",
  },
  signature: {
    loading: "Loading the signature…",
    previewTitle: "Preview of the “{{variant}}” signature",
    insert: "Insert this signature",
    insertAtCursor: "Insert at the cursor",
    inserting: "Inserting…",
    inserted: "“{{variant}}” signature inserted.",
    insertFailed: "The signature could not be inserted.",
    noItem: "Open a message or a meeting you are writing to insert the signature.",
    refresh: "Refresh",
    refreshedAt: "Refreshed on {{date}}",
    fromCache: "Local copy",
    fromCacheDetail:
      "Relais cannot be reached: this is the last signature received, refreshed on {{date}}.",
    sharedMailbox: "Signature of the {{address}} mailbox.",
    unknownMailbox:
      "The directory does not know {{address}}: your own signature is offered instead.",
  },
  why: {
    title: "Why this signature?",
    rule: "Rule",
    noRule: "No rule: default template",
    reason: "Reason",
    template: "Template",
    templateVersion: "{{name}} · version {{number}}",
    banner: "Banner",
    noBanner: "No banner at the moment",
    bannerImage: "“{{name}}” banner",
    validUntil: "Valid until",
  },
  signIn: {
    title: "Sign-in required",
    body: "Relais could not sign you in automatically. Sign in with your Ville de Dumbéa account to see your signature.",
    button: "Sign in",
    pending: "Signing in…",
    failed: "Sign-in did not complete. Please try again.",
    expired: "Your session has expired. Please sign in again.",
    sandboxTitle: "Sandbox tenant",
    sandboxBody: "Without a Microsoft account, pick a staff member of the demonstration tenant.",
    sandboxButton: "Pick a staff member",
    back: "Back",
  },
  errors: {
    title: "Signature unavailable",
    network: "The Relais server cannot be reached. Check your connection, then try again.",
    unauthorized: "Your session has expired. Please sign in again.",
    forbidden: "You do not have access to this signature.",
    notFound:
      "No published signature applies to you at the moment. Contact the communication department.",
    invalid: "The signature request is invalid.",
    unavailable: "The Relais server is temporarily unavailable. Try again in a moment.",
    server: "The Relais server ran into an error. Try again in a moment.",
    unknown: "An unexpected error occurred.",
  },
};
