import type { TranslationTree } from "@relais/web-shared";
import type { ConsoleTranslations } from "./fr";

export const en: TranslationTree<ConsoleTranslations> = {
  app: {
    name: "Relais",
    product: "Communication console",
    documentTitle: "Relais — Communication console",
    commune: "Ville de Dumbéa",
    loading: "Loading the console…",
  },
  header: {
    signOut: "Sign out",
    account: "Signed-in account",
  },
  home: {
    title: "You are signed in",
    welcome: "Welcome to the Relais communication console.",
    loading: "Loading your profile…",
    department: "Department",
    jobTitle: "Job title",
    roles: "Roles",
    userPrincipalName: "Sign-in name",
    notProvided: "Not provided",
    sandboxNotice: "Sandbox tenant session: the directory and data are fictitious.",
  },
  tenant: {
    title: "Sign-in with Microsoft Entra ID",
    body: "This Relais instance is connected to the commune's Microsoft 365 tenant. Sign-in with Microsoft Entra ID is configured by the IT department and is not available in this console yet.",
    help: "To get access, contact the IT department.",
    tenantId: "Tenant: {{tenantId}}",
  },
};
