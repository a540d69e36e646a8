/**
 * Strings of the shared web package (namespace "shared"). French is the reference catalogue;
 * French punctuation takes a no-break space (\u00a0) before ":".
 */
export const fr = {
  language: {
    label: "Langue",
  },
  roles: {
    short: {
      admin: "Admin",
      editor: "Éditeur",
      approver: "Valideur",
    },
    long: {
      admin: "Administrateur·rice",
      editor: "Éditeur·rice",
      approver: "Valideur·se",
      none: "Agent",
    },
    filter: {
      admin: "Administrateur·rices",
      editor: "Éditeur·rices",
      approver: "Valideur·ses",
    },
  },
  errors: {
    title: "Une erreur est survenue",
    network: "Le serveur Relais est injoignable. Vérifiez votre connexion, puis réessayez.",
    unauthorized: "Votre session a expiré. Reconnectez-vous.",
    unknown: "Une erreur inattendue s’est produite.",
    requestId: "Référence de la requête\u00a0: {{requestId}}",
    retry: "Réessayer",
  },
  sandboxSignIn: {
    title: "Se connecter en tant que…",
    badge: "Tenant sandbox",
    introTitle: "Tenant sandbox intégré",
    intro:
      "Cette instance de Relais utilise son tenant de démonstration\u00a0: un annuaire fictif des agents de la Ville de Dumbéa. Aucun compte Microsoft n’est nécessaire\u00a0: choisissez un agent pour utiliser Relais avec son identité et ses rôles.",
    searchLabel: "Rechercher un agent",
    searchPlaceholder: "Nom, service, fonction ou rôle",
    clearSearch: "Effacer la recherche",
    roleFilterLabel: "Rôles",
    allAgents: "Tous",
    resultCount_one: "{{count}} agent",
    resultCount_other: "{{count}} agents",
    pinnedTitle: "Équipe communication et valideurs",
    pinnedDescription:
      "Agents ayant un rôle dans Relais\u00a0: administration, édition ou validation.",
    othersTitle: "Autres agents",
    noResults: "Aucun agent ne correspond à votre recherche.",
    loading: "Chargement de l’annuaire…",
    signingIn: "Connexion en cours…",
    noDepartment: "Service non renseigné",
  },
};

export type SharedTranslations = typeof fr;
