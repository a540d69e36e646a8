import { SITES, type Site } from "./sites";

export interface JobTitle {
  male: string;
  female: string;
  weight: number;
  /** Share of women among the agents holding this job. */
  femaleShare: number;
  /** Works outdoors or on the move (roads, parks, schools, patrols…). */
  field: boolean;
}

export interface ServiceHead {
  male: string;
  female: string;
  femaleShare: number;
}

export interface Service {
  key: string;
  department: string;
  /** Head count, head included, in a 400-agent commune: the weight of the service. */
  size: number;
  /** Null when the head is one of the fixed key people. */
  head: ServiceHead | null;
  jobs: readonly JobTitle[];
  sites: readonly { site: Site; weight: number }[];
  /** Where field jobs are based, when not at the service's offices. */
  fieldSites?: readonly { site: Site; weight: number }[];
}

const job = (
  male: string,
  female: string,
  weight: number,
  femaleShare: number,
  field = false,
): JobTitle => ({ male, female, weight, femaleShare, field });

const director = (male: string, female: string, femaleShare = 0.5): ServiceHead => ({
  male,
  female,
  femaleShare,
});

const at = (site: Site, weight = 1) => ({ site, weight });

const schools = [
  at(SITES.schoolKoutio, 3),
  at(SITES.schoolSeaside, 3),
  at(SITES.schoolAuteuil, 2),
  at(SITES.schoolNakutakoin, 2),
];

export const SERVICES: readonly Service[] = [
  {
    key: "communication",
    department: "Communication",
    size: 5,
    head: null,
    jobs: [
      job("Chargé de communication", "Chargée de communication", 2, 0.6),
      job("Assistant de communication numérique", "Assistante de communication numérique", 2, 0.6),
      job("Photographe-vidéaste", "Photographe-vidéaste", 1, 0.4),
      job("Infographiste", "Infographiste", 1, 0.6),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "mayorsOffice",
    department: "Cabinet du Maire",
    size: 6,
    head: null,
    jobs: [
      job("Chargé de mission", "Chargée de mission", 2, 0.5),
      job("Secrétaire du Maire", "Secrétaire du Maire", 1, 0.9),
      job("Chargé du protocole", "Chargée du protocole", 1, 0.6),
      job("Attaché de cabinet", "Attachée de cabinet", 1, 0.5),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "generalManagement",
    department: "Direction générale des services",
    size: 5,
    head: null,
    jobs: [
      job(
        "Directeur général adjoint des services",
        "Directrice générale adjointe des services",
        2,
        0.5,
      ),
      job("Assistant de direction", "Assistante de direction", 2, 0.85),
      job("Contrôleur de gestion", "Contrôleuse de gestion", 1, 0.5),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "technicalServices",
    department: "Services techniques",
    size: 60,
    head: director("Directeur des services techniques", "Directrice des services techniques", 0.25),
    jobs: [
      job("Agent de voirie", "Agente de voirie", 10, 0.08, true),
      job("Agent polyvalent des bâtiments", "Agente polyvalente des bâtiments", 8, 0.1, true),
      job("Électricien", "Électricienne", 5, 0.05, true),
      job("Plombier", "Plombière", 4, 0.03, true),
      job("Maçon", "Maçonne", 4, 0.02, true),
      job("Menuisier", "Menuisière", 3, 0.05, true),
      job("Mécanicien", "Mécanicienne", 3, 0.05, true),
      job("Conducteur d'engins", "Conductrice d'engins", 4, 0.05, true),
      job("Chef d'équipe voirie", "Cheffe d'équipe voirie", 3, 0.1, true),
      job("Magasinier", "Magasinière", 2, 0.2, true),
      job("Technicien bâtiment", "Technicienne bâtiment", 3, 0.2),
      job("Ingénieur voirie et réseaux", "Ingénieure voirie et réseaux", 2, 0.3),
      job("Dessinateur-projeteur", "Dessinatrice-projeteuse", 2, 0.3),
      job("Assistant administratif", "Assistante administrative", 4, 0.8),
    ],
    sites: [at(SITES.technicalCentre)],
  },
  {
    key: "schools",
    department: "Écoles",
    size: 55,
    head: director("Directeur des affaires scolaires", "Directrice des affaires scolaires", 0.7),
    jobs: [
      job("ATSEM", "ATSEM", 18, 0.97, true),
      job("Agent d'entretien des écoles", "Agente d'entretien des écoles", 12, 0.75, true),
      job("Animateur périscolaire", "Animatrice périscolaire", 8, 0.75, true),
      job("Gardien d'école", "Gardienne d'école", 4, 0.3, true),
      job("Coordinateur périscolaire", "Coordinatrice périscolaire", 2, 0.6),
      job(
        "Gestionnaire des inscriptions scolaires",
        "Gestionnaire des inscriptions scolaires",
        2,
        0.85,
      ),
    ],
    sites: [at(SITES.townHall)],
    fieldSites: schools,
  },
  {
    key: "schoolCatering",
    department: "Restauration scolaire",
    size: 30,
    head: director(
      "Chef du service de la restauration scolaire",
      "Cheffe du service de la restauration scolaire",
    ),
    jobs: [
      job("Agent de restauration", "Agente de restauration", 14, 0.8, true),
      job("Cuisinier", "Cuisinière", 5, 0.45, true),
      job("Agent de plonge", "Agente de plonge", 3, 0.6, true),
      job("Chauffeur-livreur", "Chauffeuse-livreuse", 3, 0.1, true),
      job("Diététicien", "Diététicienne", 1, 0.85),
      job("Responsable de la cuisine centrale", "Responsable de la cuisine centrale", 1, 0.3),
    ],
    sites: [at(SITES.centralKitchen)],
    fieldSites: [at(SITES.centralKitchen, 5), ...schools],
  },
  {
    key: "greenSpaces",
    department: "Espaces verts",
    size: 30,
    head: director(
      "Chef du service des espaces verts",
      "Cheffe du service des espaces verts",
      0.25,
    ),
    jobs: [
      job(
        "Agent d'entretien des espaces verts",
        "Agente d'entretien des espaces verts",
        14,
        0.12,
        true,
      ),
      job("Jardinier", "Jardinière", 6, 0.2, true),
      job("Élagueur", "Élagueuse", 3, 0.05, true),
      job("Chef d'équipe espaces verts", "Cheffe d'équipe espaces verts", 3, 0.15, true),
      job("Pépiniériste", "Pépiniériste", 2, 0.35, true),
      job("Technicien espaces verts", "Technicienne espaces verts", 1, 0.3),
    ],
    sites: [at(SITES.technicalCentre)],
  },
  {
    key: "municipalPolice",
    department: "Police municipale",
    size: 24,
    head: director("Directeur de la police municipale", "Directrice de la police municipale", 0.2),
    jobs: [
      job("Policier municipal", "Policière municipale", 14, 0.3, true),
      job("Brigadier-chef principal", "Brigadière-cheffe principale", 3, 0.25, true),
      job(
        "Agent de surveillance de la voie publique",
        "Agente de surveillance de la voie publique",
        3,
        0.4,
        true,
      ),
      job("Opérateur de vidéoprotection", "Opératrice de vidéoprotection", 2, 0.4),
      job("Secrétaire de police municipale", "Secrétaire de police municipale", 1, 0.8),
    ],
    sites: [at(SITES.police)],
  },
  {
    key: "socialAction",
    department: "CCAS",
    size: 16,
    head: director("Directeur du CCAS", "Directrice du CCAS", 0.75),
    jobs: [
      job("Assistant social", "Assistante sociale", 4, 0.85),
      job(
        "Conseiller en économie sociale et familiale",
        "Conseillère en économie sociale et familiale",
        2,
        0.9,
      ),
      job("Agent d'accueil social", "Agente d'accueil social", 3, 0.8),
      job("Instructeur des aides sociales", "Instructrice des aides sociales", 2, 0.7),
      job("Aide à domicile", "Aide à domicile", 4, 0.9, true),
    ],
    sites: [at(SITES.socialCentre)],
  },
  {
    key: "library",
    department: "Médiathèque",
    size: 14,
    head: director("Directeur de la médiathèque", "Directrice de la médiathèque", 0.7),
    jobs: [
      job("Bibliothécaire", "Bibliothécaire", 4, 0.75),
      job("Assistant de conservation", "Assistante de conservation", 3, 0.7),
      job("Agent du patrimoine", "Agente du patrimoine", 3, 0.6),
      job("Médiateur numérique", "Médiatrice numérique", 2, 0.5),
      job("Animateur lecture jeunesse", "Animatrice lecture jeunesse", 2, 0.7),
    ],
    sites: [at(SITES.library)],
  },
  {
    key: "sports",
    department: "Sports",
    size: 14,
    head: director("Directeur des sports", "Directrice des sports", 0.35),
    jobs: [
      job("Éducateur sportif", "Éducatrice sportive", 5, 0.35, true),
      job("Gardien d'équipements sportifs", "Gardienne d'équipements sportifs", 4, 0.2, true),
      job(
        "Agent d'entretien des installations sportives",
        "Agente d'entretien des installations sportives",
        3,
        0.3,
        true,
      ),
      job("Chargé des associations sportives", "Chargée des associations sportives", 2, 0.5),
    ],
    sites: [at(SITES.sportsComplex)],
  },
  {
    key: "youth",
    department: "Jeunesse",
    size: 14,
    head: director("Chef du service jeunesse", "Cheffe du service jeunesse"),
    jobs: [
      job("Animateur jeunesse", "Animatrice jeunesse", 6, 0.5, true),
      job("Coordinateur jeunesse", "Coordinatrice jeunesse", 2, 0.5),
      job("Informateur jeunesse", "Informatrice jeunesse", 2, 0.6),
      job("Éducateur de prévention", "Éducatrice de prévention", 2, 0.5, true),
      job("Chargé de l'insertion des jeunes", "Chargée de l'insertion des jeunes", 1, 0.6),
    ],
    sites: [at(SITES.townHall)],
    fieldSites: [at(SITES.townHall), at(SITES.bigUpSpot)],
  },
  {
    key: "bigUpSpot",
    department: "Big Up Spot",
    size: 8,
    head: director("Responsable du Big Up Spot", "Responsable du Big Up Spot", 0.4),
    jobs: [
      job("Animateur jeunesse", "Animatrice jeunesse", 4, 0.4),
      job("Animateur multimédia", "Animatrice multimédia", 1, 0.4),
      job("Animateur musiques actuelles", "Animatrice musiques actuelles", 1, 0.3),
      job("Éducateur sportif", "Éducatrice sportive", 1, 0.35),
      job("Agent d'accueil", "Agente d'accueil", 1, 0.7),
    ],
    sites: [at(SITES.bigUpSpot)],
  },
  {
    key: "townPlanning",
    department: "Urbanisme",
    size: 12,
    head: director("Directeur de l'urbanisme", "Directrice de l'urbanisme"),
    jobs: [
      job("Instructeur du droit des sols", "Instructrice du droit des sols", 4, 0.6),
      job("Chargé d'études urbanisme", "Chargée d'études urbanisme", 2, 0.5),
      job("Agent d'accueil urbanisme", "Agente d'accueil urbanisme", 2, 0.8),
      job(
        "Contrôleur des autorisations d'urbanisme",
        "Contrôleuse des autorisations d'urbanisme",
        2,
        0.4,
        true,
      ),
      job("Géomaticien", "Géomaticienne", 1, 0.4),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "civilStatus",
    department: "État civil",
    size: 12,
    head: director("Chef du service état civil", "Cheffe du service état civil", 0.7),
    jobs: [
      job("Officier d'état civil", "Officière d'état civil", 5, 0.75),
      job("Agent des formalités administratives", "Agente des formalités administratives", 3, 0.75),
      job("Agent d'accueil", "Agente d'accueil", 3, 0.8),
      job("Agent chargé des élections", "Agente chargée des élections", 1, 0.6),
    ],
    sites: [at(SITES.townHall, 3), at(SITES.northTownHall)],
  },
  {
    key: "humanResources",
    department: "Ressources humaines",
    size: 12,
    head: director("Directeur des ressources humaines", "Directrice des ressources humaines", 0.65),
    jobs: [
      job("Gestionnaire carrière et paie", "Gestionnaire carrière et paie", 4, 0.85),
      job("Chargé de recrutement", "Chargée de recrutement", 2, 0.75),
      job("Chargé de formation", "Chargée de formation", 2, 0.7),
      job("Assistant RH", "Assistante RH", 2, 0.85),
      job("Conseiller en prévention", "Conseillère en prévention", 1, 0.4),
      job("Gestionnaire des absences", "Gestionnaire des absences", 1, 0.85),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "neighbourhoods",
    department: "Vie des quartiers",
    size: 12,
    head: director("Chef du service vie des quartiers", "Cheffe du service vie des quartiers"),
    jobs: [
      job("Médiateur de quartier", "Médiatrice de quartier", 5, 0.5, true),
      job("Agent de développement local", "Agente de développement local", 3, 0.55),
      job("Animateur de quartier", "Animatrice de quartier", 3, 0.55, true),
    ],
    sites: [at(SITES.townHall)],
    fieldSites: [at(SITES.townHall, 2), at(SITES.northTownHall)],
  },
  {
    key: "finance",
    department: "Finances",
    size: 10,
    head: director("Directeur des finances", "Directrice des finances", 0.6),
    jobs: [
      job("Comptable", "Comptable", 4, 0.75),
      job("Gestionnaire budgétaire", "Gestionnaire budgétaire", 2, 0.7),
      job("Régisseur de recettes", "Régisseuse de recettes", 2, 0.7),
      job("Analyste financier", "Analyste financière", 1, 0.5),
      job(
        "Gestionnaire de la dette et de la trésorerie",
        "Gestionnaire de la dette et de la trésorerie",
        1,
        0.6,
      ),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "culture",
    department: "Culture",
    size: 10,
    head: director("Directeur de la culture", "Directrice de la culture", 0.6),
    jobs: [
      job("Chargé de programmation culturelle", "Chargée de programmation culturelle", 2, 0.6),
      job("Médiateur culturel", "Médiatrice culturelle", 2, 0.6),
      job("Régisseur son et lumière", "Régisseuse son et lumière", 2, 0.2, true),
      job("Agent technique du spectacle", "Agente technique du spectacle", 2, 0.2, true),
      job("Chargé du patrimoine", "Chargée du patrimoine", 1, 0.6),
      job("Chargé des fêtes et cérémonies", "Chargée des fêtes et cérémonies", 1, 0.5),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "environment",
    department: "Environnement",
    size: 10,
    head: director("Chef du service environnement", "Cheffe du service environnement"),
    jobs: [
      job("Chargé de mission environnement", "Chargée de mission environnement", 2, 0.55),
      job("Agent de salubrité", "Agente de salubrité", 3, 0.2, true),
      job("Garde-nature", "Garde-nature", 2, 0.3, true),
      job("Animateur environnement", "Animatrice environnement", 2, 0.55),
      job("Chargé de la gestion des déchets", "Chargée de la gestion des déchets", 1, 0.4),
    ],
    sites: [at(SITES.townHall)],
    fieldSites: [at(SITES.technicalCentre)],
  },
  {
    key: "generalServices",
    department: "Moyens généraux",
    size: 10,
    head: director("Chef du service des moyens généraux", "Cheffe du service des moyens généraux"),
    jobs: [
      job("Agent d'entretien des locaux", "Agente d'entretien des locaux", 4, 0.8, true),
      job("Standardiste", "Standardiste", 2, 0.85),
      job("Agent du courrier", "Agente du courrier", 2, 0.6),
      job("Agent de reprographie", "Agente de reprographie", 1, 0.5),
      job("Gestionnaire du parc automobile", "Gestionnaire du parc automobile", 1, 0.2),
    ],
    sites: [at(SITES.townHall)],
    fieldSites: [at(SITES.townHall, 2), at(SITES.technicalCentre)],
  },
  {
    key: "informationSystems",
    department: "Systèmes d'information",
    size: 8,
    head: director(
      "Directeur des systèmes d'information",
      "Directrice des systèmes d'information",
      0.3,
    ),
    jobs: [
      job("Technicien support informatique", "Technicienne support informatique", 3, 0.15),
      job("Administrateur systèmes et réseaux", "Administratrice systèmes et réseaux", 2, 0.15),
      job("Administrateur Microsoft 365", "Administratrice Microsoft 365", 1, 0.3),
      job("Chef de projet informatique", "Cheffe de projet informatique", 1, 0.3),
      job("Technicien téléphonie", "Technicienne téléphonie", 1, 0.15),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "publicProcurement",
    department: "Commande publique",
    size: 6,
    head: director(
      "Chef du service de la commande publique",
      "Cheffe du service de la commande publique",
    ),
    jobs: [
      job("Rédacteur des marchés publics", "Rédactrice des marchés publics", 3, 0.7),
      job("Acheteur public", "Acheteuse publique", 2, 0.5),
      job("Gestionnaire des marchés publics", "Gestionnaire des marchés publics", 1, 0.75),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "legalAffairs",
    department: "Affaires juridiques",
    size: 5,
    head: director(
      "Chef du service des affaires juridiques",
      "Cheffe du service des affaires juridiques",
      0.6,
    ),
    jobs: [
      job("Juriste", "Juriste", 3, 0.65),
      job("Chargé des assurances", "Chargée des assurances", 1, 0.6),
      job("Assistant juridique", "Assistante juridique", 1, 0.8),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "economicDevelopment",
    department: "Développement économique",
    size: 5,
    head: director(
      "Chef du service du développement économique",
      "Cheffe du service du développement économique",
    ),
    jobs: [
      job("Chargé de développement économique", "Chargée de développement économique", 2, 0.5),
      job("Chargé du commerce et des marchés", "Chargée du commerce et des marchés", 1, 0.5),
      job("Placier", "Placière", 1, 0.3, true),
      job("Chargé du tourisme", "Chargée du tourisme", 1, 0.6),
    ],
    sites: [at(SITES.townHall)],
  },
  {
    key: "cemeteries",
    department: "Cimetières et affaires funéraires",
    size: 5,
    head: director("Chef du service des cimetières", "Cheffe du service des cimetières", 0.3),
    jobs: [
      job("Agent funéraire", "Agente funéraire", 2, 0.2, true),
      job("Fossoyeur", "Fossoyeuse", 2, 0.02, true),
      job(
        "Gestionnaire des concessions funéraires",
        "Gestionnaire des concessions funéraires",
        1,
        0.8,
      ),
    ],
    sites: [at(SITES.townHall)],
    fieldSites: [at(SITES.technicalCentre)],
  },
  {
    key: "archives",
    department: "Archives et documentation",
    size: 4,
    head: director("Responsable des archives", "Responsable des archives", 0.6),
    jobs: [
      job("Archiviste", "Archiviste", 2, 0.65),
      job("Agent d'archives", "Agente d'archives", 1, 0.6),
    ],
    sites: [at(SITES.townHall)],
  },
];

export const SANDBOX_DEPARTMENTS: readonly string[] = SERVICES.map((service) => service.department);

export function serviceByKey(key: string): Service {
  const service = SERVICES.find((candidate) => candidate.key === key);
  if (!service) throw new RangeError(`Unknown sandbox service ${key}`);
  return service;
}
