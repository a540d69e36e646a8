import type { TranslationTree } from "../translationTree";
import type { SharedTranslations } from "./fr";

export const en: TranslationTree<SharedTranslations> = {
  language: {
    label: "Language",
  },
  roles: {
    short: {
      admin: "Admin",
      editor: "Editor",
      approver: "Approver",
    },
    long: {
      admin: "Administrator",
      editor: "Editor",
      approver: "Approver",
      none: "Staff member",
    },
    filter: {
      admin: "Administrators",
      editor: "Editors",
      approver: "Approvers",
    },
  },
  errors: {
    title: "Something went wrong",
    network: "The Relais server cannot be reached. Check your connection, then try again.",
    unauthorized: "Your session has expired. Please sign in again.",
    unknown: "An unexpected error occurred.",
    requestId: "Request reference: {{requestId}}",
    retry: "Try again",
  },
  sandboxSignIn: {
    title: "Sign in as…",
    badge: "Sandbox tenant",
    introTitle: "Built-in sandbox tenant",
    intro:
      "This Relais instance uses its demonstration tenant: a fictitious directory of the staff of the Ville de Dumbéa. No Microsoft account is needed: pick a staff member to use Relais with their identity and roles.",
    searchLabel: "Search staff",
    searchPlaceholder: "Name, department, job title or role",
    clearSearch: "Clear search",
    roleFilterLabel: "Roles",
    allAgents: "All",
    resultCount_one: "{{count}} staff member",
    resultCount_other: "{{count}} staff members",
    pinnedTitle: "Communication team and approvers",
    pinnedDescription: "Staff with a role in Relais: administration, editing or approval.",
    othersTitle: "Other staff",
    noResults: "No staff member matches your search.",
    loading: "Loading the directory…",
    signingIn: "Signing in…",
    noDepartment: "No department",
  },
};
