/** The information bars of the runtime (Outlook allows 150 characters). French first. */
export type Notice =
  | "signed-out"
  | "unreachable-cached"
  | "unreachable-empty"
  | "refused"
  | "insert-failed"
  | "misconfigured";

const NOTICES: Record<"fr" | "en", Record<Notice, string>> = {
  fr: {
    "signed-out": "Signature Relais : ouvrez le volet Relais pour vous connecter.",
    "unreachable-cached":
      "Signature Relais : service injoignable, dernière signature connue insérée. Ouvrez le volet Relais pour réessayer.",
    "unreachable-empty":
      "Signature Relais : service injoignable, aucune signature insérée. Ouvrez le volet Relais pour réessayer.",
    refused:
      "Signature Relais : aucune signature n'est prévue pour ce compte. Ouvrez le volet Relais pour en savoir plus.",
    "insert-failed":
      "Signature Relais : Outlook a refusé l'insertion de la signature. Ouvrez le volet Relais pour l'insérer.",
    misconfigured:
      "Signature Relais : complément mal installé, aucune signature insérée. Prévenez le service informatique.",
  },
  en: {
    "signed-out": "Relais signature: open the Relais pane to sign in.",
    "unreachable-cached":
      "Relais signature: service unreachable, last known signature inserted. Open the Relais pane to retry.",
    "unreachable-empty":
      "Relais signature: service unreachable, no signature inserted. Open the Relais pane to retry.",
    refused:
      "Relais signature: no signature is set for this account. Open the Relais pane to learn more.",
    "insert-failed":
      "Relais signature: Outlook refused to insert the signature. Open the Relais pane to insert it.",
    misconfigured:
      "Relais signature: add-in not installed properly, no signature inserted. Tell the IT department.",
  },
};

export function noticeText(notice: Notice, displayLanguage: string): string {
  const language = displayLanguage.toLowerCase().startsWith("en") ? "en" : "fr";
  return NOTICES[language][notice];
}
