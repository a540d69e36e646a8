import type { PhonePlan } from "./addresses";
import type { IdentityIssuer } from "./identities";
import { KEY_PEOPLE } from "./key-people";
import {
  FRENCH_FEMALE_GIVEN_NAMES,
  FRENCH_MALE_GIVEN_NAMES,
  type Gender,
  NAME_CULTURES,
  type NameCulture,
} from "./names";
import type { Random } from "./random";
import type { Service } from "./services";
import { CITY } from "./sites";
import { COMPANY_NAME } from "./tenant";
import type { SandboxUser } from "./types";

/** "elected" is the mayor: a member of the tenant who heads no service and has no manager. */
export type PlacementKind = "head" | "agent" | "elected" | "guest";

/** A user being built, with where it sits in the organisation. */
export interface Placement {
  kind: PlacementKind;
  /** One of the fixed key people. */
  key: boolean;
  service: Service | null;
  field: boolean;
  user: SandboxUser;
}

/** What a generated person needs besides the seeded generator. */
export interface PeopleContext {
  random: Random;
  phones: PhonePlan;
  identities: IdentityIssuer;
}

interface Person {
  givenName: string;
  surname: string;
  culture: NameCulture;
}

// Nobody else may be called like a key person: demos name them.
const KEY_DISPLAY_NAMES = new Set(KEY_PEOPLE.map((person) => person.user.displayName));

function pickPerson(random: Random, gender: Gender): Person {
  let person = pickAnyPerson(random, gender);
  while (KEY_DISPLAY_NAMES.has(`${person.givenName} ${person.surname}`)) {
    person = pickAnyPerson(random, gender);
  }
  return person;
}

function pickAnyPerson(random: Random, gender: Gender): Person {
  const culture = random.weighted(NAME_CULTURES);
  const french = random.chance(culture.frenchGivenNameShare);
  const givenNames =
    gender === "female"
      ? french
        ? FRENCH_FEMALE_GIVEN_NAMES
        : culture.femaleGivenNames
      : french
        ? FRENCH_MALE_GIVEN_NAMES
        : culture.maleGivenNames;
  let surname = random.pick(culture.surnames);
  // Some agents carry a double surname, often across communities.
  if (random.chance(0.03)) {
    const second = random.pick(random.weighted(NAME_CULTURES).surnames);
    if (second !== surname) surname = `${surname}-${second}`;
  }
  return { givenName: random.pick(givenNames), surname, culture };
}

function preferredLanguage(random: Random, culture: NameCulture): string | null {
  const roll = random.next();
  if (roll < culture.englishLanguageShare) return "en-US";
  return roll < 0.88 ? "fr-FR" : null;
}

interface MemberShape {
  kind: "head" | "agent";
  service: Service;
  femaleShare: number;
  titles: { male: string; female: string };
  field: boolean;
}

function createMember(context: PeopleContext, shape: MemberShape): Placement {
  const { random, phones } = context;
  const gender: Gender = random.chance(shape.femaleShare) ? "female" : "male";
  const person = pickPerson(random, gender);
  const { service, field } = shape;
  const { site } = random.weighted(
    field && service.fieldSites ? service.fieldSites : service.sites,
  );
  const isHead = shape.kind === "head";
  const hasDeskPhone = random.chance(isHead ? 1 : field ? 0.45 : 0.96);
  const hasMobile = random.chance(isHead ? 0.95 : field ? 0.74 : 0.68);
  const user: SandboxUser = {
    id: "",
    displayName: `${person.givenName} ${person.surname}`,
    givenName: person.givenName,
    surname: person.surname,
    mail: null,
    userPrincipalName: "",
    jobTitle: gender === "female" ? shape.titles.female : shape.titles.male,
    department: service.department,
    companyName: COMPANY_NAME,
    officeLocation: site.name,
    streetAddress: site.streetAddress,
    postalCode: site.postalCode,
    city: CITY,
    businessPhones: hasDeskPhone ? [phones.desk(site.phonePrefixes)] : [],
    mobilePhone: hasMobile ? phones.mobile() : null,
    preferredLanguage: preferredLanguage(random, person.culture),
    accountEnabled: true,
    userType: "Member",
    employeeId: null,
    managerId: null,
    hasPhoto: random.chance(isHead ? 0.95 : 0.86),
    appRoles: [],
  };
  context.identities.member(user, person.givenName, person.surname);
  return { kind: shape.kind, key: false, service, field, user };
}

export function createHead(context: PeopleContext, service: Service): Placement {
  const head = service.head;
  if (!head) throw new RangeError(`${service.department} is headed by a key person`);
  return createMember(context, {
    kind: "head",
    service,
    femaleShare: head.femaleShare,
    titles: head,
    field: false,
  });
}

export function createAgent(context: PeopleContext, service: Service): Placement {
  const job = context.random.weighted(service.jobs);
  return createMember(context, {
    kind: "agent",
    service,
    femaleShare: job.femaleShare,
    titles: job,
    field: job.field,
  });
}

const GUEST_DOMAINS = ["gmail.com", "gmail.com", "outlook.fr", "hotmail.fr", "lagoon.nc", "mls.nc"];

const GUEST_TITLES: readonly ({ male: string; female: string } | null)[] = [
  { male: "Photographe indépendant", female: "Photographe indépendante" },
  { male: "Vidéaste", female: "Vidéaste" },
  { male: "Graphiste indépendant", female: "Graphiste indépendante" },
  { male: "Consultant", female: "Consultante" },
  null,
  null,
];

/** An external collaborator invited into the tenant (Entra B2B): no manager, no employee id. */
export function createGuest({ random, identities }: PeopleContext): Placement {
  const gender: Gender = random.chance(0.5) ? "female" : "male";
  const person = pickPerson(random, gender);
  const title = random.pick(GUEST_TITLES);
  // Invited accounts often carry only a display name.
  const namesFilled = random.chance(0.5);
  const language = random.next();
  const user: SandboxUser = {
    id: "",
    displayName: `${person.givenName} ${person.surname}`,
    givenName: namesFilled ? person.givenName : null,
    surname: namesFilled ? person.surname : null,
    mail: null,
    userPrincipalName: "",
    jobTitle: title ? (gender === "female" ? title.female : title.male) : null,
    department: null,
    companyName: null,
    officeLocation: null,
    streetAddress: null,
    postalCode: null,
    city: null,
    businessPhones: [],
    mobilePhone: null,
    preferredLanguage: language < 0.1 ? "en-US" : language < 0.3 ? "fr-FR" : null,
    accountEnabled: true,
    userType: "Guest",
    employeeId: null,
    managerId: null,
    hasPhoto: random.chance(0.2),
    appRoles: [],
  };
  identities.guest(user, person.givenName, person.surname, random.pick(GUEST_DOMAINS));
  return { kind: "guest", key: false, service: null, field: false, user };
}
