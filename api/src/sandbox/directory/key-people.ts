import { CITY, SITES } from "./sites";
import { COMPANY_NAME, SANDBOX_DOMAIN } from "./tenant";
import type { SandboxUser } from "./types";

export type KeyPersonRole =
  | "commsHead"
  | "digitalCommsAssistant"
  | "commsOfficer"
  | "chiefOfStaff"
  | "directorGeneral"
  | "mayor";

export interface KeyPerson {
  role: KeyPersonRole;
  serviceKey: string;
  /** Whether this person heads `serviceKey` (and so manages its agents). */
  headsService: boolean;
  managerRole: KeyPersonRole | null;
  user: Omit<SandboxUser, "managerId">;
}

const townHall = {
  companyName: COMPANY_NAME,
  officeLocation: SITES.townHall.name,
  streetAddress: SITES.townHall.streetAddress,
  postalCode: SITES.townHall.postalCode,
  city: CITY,
  accountEnabled: true,
  userType: "Member",
  hasPhoto: true,
} as const;

const address = (localPart: string) => `${localPart}@${SANDBOX_DOMAIN}`;

/**
 * The people the demos rely on, with ids that never change. Listed by priority: a very
 * small directory keeps the first ones (the communication team comes first).
 */
export const KEY_PEOPLE: readonly KeyPerson[] = [
  {
    role: "commsHead",
    serviceKey: "communication",
    headsService: true,
    // The communication service is attached to the Cabinet du Maire.
    managerRole: "chiefOfStaff",
    user: {
      ...townHall,
      id: "685ddc4d-9f89-4b20-a160-60b5920ca533",
      displayName: "Hélène Wamytan",
      givenName: "Hélène",
      surname: "Wamytan",
      mail: address("helene.wamytan"),
      userPrincipalName: address("helene.wamytan"),
      jobTitle: "Cheffe du service communication",
      department: "Communication",
      businessPhones: ["+687 41 40 52"],
      mobilePhone: "+687 78 12 45",
      preferredLanguage: "fr-FR",
      employeeId: "DUM-00421",
      appRoles: ["Relais.Admin", "Relais.Editor"],
    },
  },
  {
    role: "digitalCommsAssistant",
    serviceKey: "communication",
    headsService: false,
    managerRole: "commsHead",
    user: {
      ...townHall,
      id: "7d914d0a-1a8f-47ec-a5e4-a349710288ff",
      displayName: "Soane Tuifua",
      givenName: "Soane",
      surname: "Tuifua",
      mail: address("soane.tuifua"),
      userPrincipalName: address("soane.tuifua"),
      jobTitle: "Assistant communication numérique",
      department: "Communication",
      businessPhones: ["+687 41 40 53"],
      mobilePhone: "+687 92 34 17",
      preferredLanguage: "fr-FR",
      employeeId: "DUM-00733",
      appRoles: ["Relais.Editor"],
    },
  },
  {
    role: "commsOfficer",
    serviceKey: "communication",
    headsService: false,
    managerRole: "commsHead",
    user: {
      ...townHall,
      id: "4946f9e1-dee4-4ba0-9a67-a1a75459f2be",
      displayName: "Kalïa Wéa",
      givenName: "Kalïa",
      surname: "Wéa",
      mail: address("kalia.wea"),
      userPrincipalName: address("kalia.wea"),
      jobTitle: "Chargée de communication",
      department: "Communication",
      businessPhones: ["+687 41 40 54"],
      mobilePhone: "+687 84 56 21",
      preferredLanguage: "fr-FR",
      employeeId: "DUM-00612",
      appRoles: ["Relais.Editor"],
    },
  },
  {
    role: "chiefOfStaff",
    serviceKey: "mayorsOffice",
    headsService: true,
    managerRole: "mayor",
    user: {
      ...townHall,
      id: "2312aba1-c52e-46cf-960c-98c7ea1ac0aa",
      displayName: "Marie-Claude Gorodey",
      givenName: "Marie-Claude",
      surname: "Gorodey",
      mail: address("marie-claude.gorodey"),
      userPrincipalName: address("marie-claude.gorodey"),
      jobTitle: "Directrice de cabinet",
      department: "Cabinet du Maire",
      businessPhones: ["+687 41 40 10"],
      mobilePhone: "+687 77 20 31",
      preferredLanguage: "fr-FR",
      employeeId: "DUM-00108",
      appRoles: ["Relais.Approver"],
    },
  },
  {
    role: "directorGeneral",
    serviceKey: "generalManagement",
    headsService: true,
    managerRole: "mayor",
    user: {
      ...townHall,
      id: "4a963644-1b87-44f9-b856-55ea41a9a772",
      displayName: "Jérôme Lefèvre",
      givenName: "Jérôme",
      surname: "Lefèvre",
      mail: address("jerome.lefevre"),
      userPrincipalName: address("jerome.lefevre"),
      jobTitle: "Directeur général des services",
      department: "Direction générale des services",
      businessPhones: ["+687 41 40 20"],
      mobilePhone: "+687 79 41 02",
      preferredLanguage: "fr-FR",
      employeeId: "DUM-00057",
      appRoles: [],
    },
  },
  {
    role: "mayor",
    serviceKey: "mayorsOffice",
    headsService: false,
    managerRole: null,
    user: {
      ...townHall,
      id: "4d5c4740-d57d-417b-a09b-6c3b20d6686a",
      displayName: "Joseph Waheo",
      givenName: "Joseph",
      surname: "Waheo",
      mail: address("joseph.waheo"),
      userPrincipalName: address("joseph.waheo"),
      jobTitle: "Maire",
      department: "Cabinet du Maire",
      businessPhones: ["+687 41 40 01"],
      mobilePhone: null,
      preferredLanguage: "fr-FR",
      // An elected official, not a municipal employee.
      employeeId: null,
      appRoles: [],
    },
  },
];

/** Ids and sign-in names of the key people, for demos and tests. */
export const SANDBOX_KEY_PEOPLE = Object.fromEntries(
  KEY_PEOPLE.map((person) => [
    person.role,
    {
      id: person.user.id,
      userPrincipalName: person.user.userPrincipalName,
      displayName: person.user.displayName,
    },
  ]),
) as Record<KeyPersonRole, { id: string; userPrincipalName: string; displayName: string }>;
