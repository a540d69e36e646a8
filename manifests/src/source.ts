import { type LaunchEventType, launchEventRequirement } from "./launch-events";

/** French is the add-in's default language; English is the one override. */
export type Locale = "fr-FR" | "en-US";
export const DEFAULT_LOCALE: Locale = "fr-FR";
export const OTHER_LOCALES: readonly Locale[] = ["en-US"];

export type Localized = Record<Locale, string>;

export type FormFactor = "desktop" | "mobile";

/** The PNG sizes Outlook asks for: ribbon 16/32/80, store tile 64/128. */
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

export interface LaunchEventBinding {
  type: LaunchEventType;
  /** The name `Office.actions.associate` registers in the event runtime. */
  functionName: string;
  formFactors: readonly FormFactor[];
}

export interface CommandText {
  label: Localized;
  tooltip: Localized;
}

/** Everything both manifests are generated from; one environment, one source. */
export interface ManifestSource {
  /** Stable for the life of the add-in: a new id is a new add-in for every mailbox. */
  addinId: string;
  /** x.y.z; raise it on every manifest change so admins are asked to accept the update. */
  version: string;
  providerName: string;
  baseUrl: string;
  names: { short: Localized; full: Localized };
  descriptions: { short: Localized; full: Localized };
  supportUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
  /** #RRGGBB behind the icon in the Microsoft 365 app channel. */
  accentColor: string;
  entra: {
    clientId: string;
    /** The scope the add-in asks for, e.g. `api://<client id>/access_as_user`. */
    apiScope: string;
    /** The Application ID URI the scope belongs to. */
    resource: string;
  };
  appDomains: readonly string[];
  icons: Record<IconSize, string>;
  pages: {
    /** HTML page that loads the event handlers (web, new Outlook, Mac, mobile). */
    eventRuntimePage: string;
    /** The same handlers as one script: classic Outlook on Windows runs it without a page. */
    eventRuntimeScript: string;
    taskpane: string;
    sendToCommunication: string;
  };
  launchEvents: readonly LaunchEventBinding[];
  commands: {
    group: Localized;
    signature: CommandText;
    sendToCommunication: CommandText;
  };
}

/** Generated once for Relais; never change it (see `ManifestSource.addinId`). */
export const RELAIS_ADDIN_ID = "f6187324-70ce-499f-ab63-563c64082f58";
export const DEFAULT_VERSION = "1.0.0";
const DUMBEA_SITE = "https://www.ville-dumbea.nc/";
/** The commune's lagoon blue, the brand colour of the console's theme. */
export const DUMBEA_BLUE = "#006F93";

export const RELAIS_LAUNCH_EVENTS: readonly LaunchEventBinding[] = [
  {
    type: "OnNewMessageCompose",
    functionName: "onNewMessageComposeHandler",
    formFactors: ["desktop", "mobile"],
  },
  {
    type: "OnNewAppointmentOrganizer",
    functionName: "onNewAppointmentOrganizerHandler",
    formFactors: ["desktop"],
  },
  {
    type: "OnMessageFromChanged",
    functionName: "onMessageFromChangedHandler",
    formFactors: ["desktop", "mobile"],
  },
  {
    type: "OnAppointmentFromChanged",
    functionName: "onAppointmentFromChangedHandler",
    formFactors: ["desktop"],
  },
];

export interface DefaultSourceOptions {
  baseUrl: string;
  clientId: string;
  apiScope: string;
  version?: string;
  supportUrl?: string;
}

/** `api://<id>/access_as_user` → `api://<id>`: the resource is the scope minus its name. */
export function resourceOfScope(scope: string): string {
  const schemeEnd = scope.indexOf("://");
  const lastSlash = scope.lastIndexOf("/");
  return lastSlash > schemeEnd + 2 ? scope.slice(0, lastSlash) : scope;
}

/** The Relais add-in served from `baseUrl`, signing in with the given Entra app. */
export function defaultManifestSource(options: DefaultSourceOptions): ManifestSource {
  const base = options.baseUrl.replace(/\/+$/, "");
  const addin = `${base}/addin`;
  const supportUrl = options.supportUrl ?? DUMBEA_SITE;
  const icons = Object.fromEntries(
    ICON_SIZES.map((size) => [size, `${addin}/icons/icon-${size}.png`]),
  ) as Record<IconSize, string>;
  return {
    addinId: RELAIS_ADDIN_ID,
    version: options.version ?? DEFAULT_VERSION,
    providerName: "Ville de Dumbéa",
    baseUrl: base,
    names: {
      short: { "fr-FR": "Relais", "en-US": "Relais" },
      full: {
        "fr-FR": "Relais — Ville de Dumbéa",
        "en-US": "Relais — City of Dumbéa",
      },
    },
    descriptions: {
      short: {
        "fr-FR": "Signatures de la Ville de Dumbéa et envoi au service communication.",
        "en-US": "City of Dumbéa signatures and sending to the communication department.",
      },
      full: {
        "fr-FR":
          "Relais insère automatiquement votre signature officielle de la Ville de Dumbéa dans " +
          "les nouveaux messages et rendez-vous, la met à jour quand vous changez d'expéditeur, " +
          "et permet d'envoyer un message au service communication.",
        "en-US":
          "Relais automatically adds your official City of Dumbéa signature to new messages and " +
          "appointments, refreshes it when you change the sender, and lets you send a message " +
          "to the communication department.",
      },
    },
    supportUrl,
    privacyUrl: supportUrl,
    termsOfUseUrl: supportUrl,
    accentColor: DUMBEA_BLUE,
    entra: {
      clientId: options.clientId,
      apiScope: options.apiScope,
      resource: resourceOfScope(options.apiScope),
    },
    appDomains: [new URL(base).origin],
    icons,
    pages: {
      eventRuntimePage: `${addin}/launchevent.html`,
      eventRuntimeScript: `${addin}/launchevent.js`,
      taskpane: `${addin}/taskpane.html`,
      sendToCommunication: `${addin}/send-to-communication.html`,
    },
    launchEvents: RELAIS_LAUNCH_EVENTS,
    commands: {
      group: { "fr-FR": "Relais", "en-US": "Relais" },
      signature: {
        label: { "fr-FR": "Ma signature", "en-US": "My signature" },
        tooltip: {
          "fr-FR": "Afficher, insérer ou mettre à jour votre signature de la Ville de Dumbéa.",
          "en-US": "Show, insert or refresh your City of Dumbéa signature.",
        },
      },
      sendToCommunication: {
        label: {
          "fr-FR": "Envoyer au service communication",
          "en-US": "Send to communication department",
        },
        tooltip: {
          "fr-FR": "Transmettre ce message au service communication sous forme de demande.",
          "en-US": "Forward this message to the communication department as a request.",
        },
      },
    },
  };
}

/** The Mailbox requirement set every declared event needs: the highest of their minimums. */
export function eventRequirementSet(source: ManifestSource, formFactor?: FormFactor): string {
  const versions = source.launchEvents
    .filter((event) => !formFactor || event.formFactors.includes(formFactor))
    .map((event) => launchEventRequirement(event.type));
  return versions.reduce(
    (highest, version) => (compareVersions(version, highest) > 0 ? version : highest),
    "1.1",
  );
}

export function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
