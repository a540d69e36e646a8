/** Strings of the communication console (namespace "console"). French is the reference. */
export const fr = {
  app: {
    name: "Relais",
    product: "Console communication",
    documentTitle: "Relais — Console communication",
    commune: "Ville de Dumbéa",
    loading: "Chargement de la console…",
  },
  header: {
    signOut: "Se déconnecter",
    account: "Compte connecté",
  },
  home: {
    title: "Vous êtes connecté·e",
    welcome: "Bienvenue dans la console communication de Relais.",
    loading: "Chargement de votre profil…",
    department: "Service",
    jobTitle: "Fonction",
    roles: "Rôles",
    userPrincipalName: "Identifiant",
    notProvided: "Non renseigné",
    sandboxNotice: "Session du tenant sandbox\u00a0: l’annuaire et les données sont fictifs.",
  },
  tenant: {
    title: "Connexion avec Microsoft Entra ID",
    body: "Cette instance de Relais est reliée au tenant Microsoft 365 de la commune. La connexion avec Microsoft Entra ID est configurée par le service informatique (DSI) et n’est pas encore disponible dans cette console.",
    help: "Pour obtenir un accès, contactez la DSI.",
    tenantId: "Tenant\u00a0: {{tenantId}}",
  },
};

export type ConsoleTranslations = typeof fr;
