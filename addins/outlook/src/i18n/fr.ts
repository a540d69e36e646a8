/**
 * Strings of the Outlook add-in (namespace "addin"). French is the reference catalogue;
 * French punctuation takes a no-break space (\u00a0) before ":", "?" and inside « ».
 */
export const fr = {
  app: {
    name: "Relais",
    title: "Ma signature",
    documentTitle: "Relais — Ma signature",
    loading: "Chargement…",
  },
  variants: {
    label: "Variante de signature",
    new: "Nouveau message",
    reply: "Réponse / transfert",
    meeting: "Réunion",
  },
  signature: {
    loading: "Chargement de la signature…",
    previewTitle: "Aperçu de la signature «\u00a0{{variant}}\u00a0»",
    insert: "Insérer cette signature",
    insertAtCursor: "Insérer à l’emplacement du curseur",
    inserting: "Insertion…",
    inserted: "Signature «\u00a0{{variant}}\u00a0» insérée.",
    insertFailed: "La signature n’a pas pu être insérée.",
    noItem: "Ouvrez un message ou une réunion en cours de rédaction pour y insérer la signature.",
    refresh: "Actualiser",
    refreshedAt: "Actualisée le {{date}}",
    fromCache: "Copie locale",
    fromCacheDetail:
      "Relais est injoignable\u00a0: voici la dernière signature reçue, actualisée le {{date}}.",
    sharedMailbox: "Signature de la boîte {{address}}.",
    unknownMailbox:
      "L’adresse {{address}} est inconnue de l’annuaire\u00a0: votre propre signature est proposée.",
  },
  why: {
    title: "Pourquoi cette signature\u00a0?",
    rule: "Règle",
    noRule: "Aucune règle\u00a0: modèle par défaut",
    reason: "Motif",
    template: "Modèle",
    templateVersion: "{{name}} · version {{number}}",
    banner: "Bannière",
    noBanner: "Aucune bannière en ce moment",
    bannerImage: "Bannière «\u00a0{{name}}\u00a0»",
    validUntil: "Valable jusqu’au",
  },
  signIn: {
    title: "Connexion requise",
    body: "Relais n’a pas pu vous connecter automatiquement. Connectez-vous avec votre compte de la Ville de Dumbéa pour afficher votre signature.",
    button: "Se connecter",
    pending: "Connexion…",
    failed: "La connexion n’a pas abouti. Réessayez.",
    expired: "Votre session a expiré. Reconnectez-vous.",
    sandboxTitle: "Tenant sandbox",
    sandboxBody: "Sans compte Microsoft, choisissez un agent du tenant de démonstration.",
    sandboxButton: "Choisir un agent",
    back: "Retour",
  },
  errors: {
    title: "Signature indisponible",
    network: "Le serveur Relais est injoignable. Vérifiez votre connexion, puis réessayez.",
    unauthorized: "Votre session a expiré. Reconnectez-vous.",
    forbidden: "Vous n’avez pas accès à cette signature.",
    notFound:
      "Aucune signature publiée ne s’applique à vous pour le moment. Contactez le service communication.",
    invalid: "La demande de signature est invalide.",
    unavailable: "Le serveur Relais est momentanément indisponible. Réessayez dans un instant.",
    server: "Le serveur Relais a rencontré une erreur. Réessayez dans un instant.",
    unknown: "Une erreur inattendue s’est produite.",
  },
};

export type AddinTranslations = typeof fr;
