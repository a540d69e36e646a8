// Municipal sites of Dumbéa. Street addresses stay at the neighbourhood level; desk lines
// follow the town hall's 41 4x xx range (switchboard 41 40 00) and the CCAS's 46 55 xx.

export interface Site {
  name: string;
  streetAddress: string;
  postalCode: string;
  /** First four digits of the site's desk lines, e.g. "41 40", in order of use. */
  phonePrefixes: readonly string[];
}

const DUMBEA = "98835";
const DUMBEA_SUR_MER = "98839";

export const CITY = "Dumbéa";

export const SITES = {
  townHall: {
    name: "Hôtel de Ville",
    streetAddress: "Koutio",
    postalCode: DUMBEA,
    phonePrefixes: ["41 40", "41 43"],
  },
  northTownHall: {
    name: "Mairie du Nord",
    streetAddress: "Dumbéa village",
    postalCode: DUMBEA,
    phonePrefixes: ["41 40"],
  },
  technicalCentre: {
    name: "Centre technique municipal",
    streetAddress: "Zone d'activités de Panda",
    postalCode: DUMBEA,
    phonePrefixes: ["41 41"],
  },
  library: {
    name: "Médiathèque de Dumbéa-sur-Mer",
    streetAddress: "Dumbéa-sur-Mer",
    postalCode: DUMBEA_SUR_MER,
    phonePrefixes: ["41 42"],
  },
  bigUpSpot: {
    name: "Big Up Spot",
    streetAddress: "Dumbéa-sur-Mer",
    postalCode: DUMBEA_SUR_MER,
    phonePrefixes: ["41 47"],
  },
  police: {
    name: "Poste de police municipale",
    streetAddress: "Koutio",
    postalCode: DUMBEA,
    phonePrefixes: ["41 44"],
  },
  socialCentre: {
    name: "Centre communal d'action sociale",
    streetAddress: "Koutio",
    postalCode: DUMBEA,
    phonePrefixes: ["46 55"],
  },
  centralKitchen: {
    name: "Cuisine centrale",
    streetAddress: "Zone d'activités de Panda",
    postalCode: DUMBEA,
    phonePrefixes: ["41 45"],
  },
  sportsComplex: {
    name: "Complexe sportif de Koutio",
    streetAddress: "Koutio",
    postalCode: DUMBEA,
    phonePrefixes: ["41 48"],
  },
  schoolKoutio: {
    name: "Groupe scolaire de Koutio",
    streetAddress: "Koutio",
    postalCode: DUMBEA,
    phonePrefixes: ["41 46"],
  },
  schoolSeaside: {
    name: "Groupe scolaire de Dumbéa-sur-Mer",
    streetAddress: "Dumbéa-sur-Mer",
    postalCode: DUMBEA_SUR_MER,
    phonePrefixes: ["41 46"],
  },
  schoolAuteuil: {
    name: "École maternelle d'Auteuil",
    streetAddress: "Auteuil",
    postalCode: DUMBEA,
    phonePrefixes: ["41 46"],
  },
  schoolNakutakoin: {
    name: "Groupe scolaire de Nakutakoin",
    streetAddress: "Nakutakoin",
    postalCode: DUMBEA,
    phonePrefixes: ["41 46"],
  },
} as const satisfies Record<string, Site>;
