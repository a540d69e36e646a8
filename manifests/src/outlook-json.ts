import type { TeamsManifestV1D25 } from "@microsoft/app-manifest";
import { jsonEventName, launchEventRequirement } from "./launch-events";
import {
  type CommandText,
  compareVersions,
  DEFAULT_LOCALE,
  type Locale,
  type ManifestSource,
} from "./source";

export type UnifiedManifest = TeamsManifestV1D25.TeamsManifestV1D25;
type Ribbon = TeamsManifestV1D25.ExtensionRibbonsArray;
type AutoRunEvents = TeamsManifestV1D25.ExtensionAutoRunEventsArray;

/** The schema the manifest declares and is validated against (bundled by @microsoft/app-manifest). */
export const UNIFIED_MANIFEST_VERSION = "1.25";
const SCHEMA_BASE = `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}`;

/** Files of the app package next to manifest.json (relative paths, as the schema wants). */
export const PACKAGE_FILES = {
  colorIcon: "color.png",
  outlineIcon: "outline.png",
  localization: (locale: Locale) => `${locale.toLowerCase()}.json`,
} as const;

const RUNTIME = {
  events: "relais_events",
  taskpane: "relais_taskpane",
  sendToCommunication: "relais_send_to_communication",
} as const;
const ACTION = {
  openSignature: "openSignaturePane",
  openSendToCommunication: "openSendToCommunication",
} as const;

interface RibbonSpec {
  contexts: TeamsManifestV1D25.ExtensionContext[];
  groupId: string;
  controlId: string;
  command: CommandText;
  actionId: string;
}

const ribbonSpecs = (source: ManifestSource): RibbonSpec[] => [
  {
    contexts: ["mailCompose", "meetingDetailsOrganizer"],
    groupId: "relaisComposeGroup",
    controlId: "relaisSignatureButton",
    command: source.commands.signature,
    actionId: ACTION.openSignature,
  },
  {
    contexts: ["mailRead"],
    groupId: "relaisReadGroup",
    controlId: "relaisSendToCommunicationButton",
    command: source.commands.sendToCommunication,
    actionId: ACTION.openSendToCommunication,
  },
];

const mailbox = (minVersion: string) => ({
  capabilities: [{ name: "Mailbox", minVersion }],
  scopes: ["mail" as const],
});

function ribbon(source: ManifestSource, spec: RibbonSpec, locale: Locale): Ribbon {
  const icons = ([16, 32, 80] as const).map((size) => ({ size, url: source.icons[size] }));
  return {
    requirements: { ...mailbox("1.3"), formFactors: ["desktop"] },
    contexts: spec.contexts,
    tabs: [
      {
        builtInTabId: "TabDefault",
        groups: [
          {
            id: spec.groupId,
            label: source.commands.group[locale],
            controls: [
              {
                id: spec.controlId,
                type: "button",
                label: spec.command.label[locale],
                icons,
                supertip: {
                  title: spec.command.label[locale],
                  description: spec.command.tooltip[locale],
                },
                actionId: spec.actionId,
              },
            ],
          },
        ],
      },
    ],
  };
}

/** One autoRunEvents entry per requirement set, so 1.10 clients still get the 1.10 events. */
function autoRunEvents(source: ManifestSource): AutoRunEvents[] {
  const byVersion = new Map<string, AutoRunEvents["events"]>();
  for (const event of source.launchEvents) {
    const version = launchEventRequirement(event.type);
    const events = byVersion.get(version) ?? [];
    events.push({ type: jsonEventName(event.type), actionId: event.functionName });
    byVersion.set(version, events);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => compareVersions(a, b))
    .map(([version, events]) => ({ requirements: mailbox(version), events }));
}

const lowestEventVersion = (source: ManifestSource) =>
  source.launchEvents
    .map((event) => launchEventRequirement(event.type))
    .reduce((lowest, version) => (compareVersions(version, lowest) < 0 ? version : lowest), "9.9");

/**
 * The unified manifest for Microsoft 365 (the "Microsoft 365 app" channel). Outlook on Mac and
 * on mobile don't take it: they need the XML manifest. Its texts are French; English comes from
 * the localization file of the app package (`outlookJsonLocalization`).
 */
export function outlookJsonManifest(source: ManifestSource): UnifiedManifest {
  const fr = DEFAULT_LOCALE;
  return {
    $schema: `${SCHEMA_BASE}/MicrosoftTeams.schema.json`,
    manifestVersion: UNIFIED_MANIFEST_VERSION,
    id: source.addinId,
    version: source.version,
    localizationInfo: {
      defaultLanguageTag: fr.toLowerCase(),
      additionalLanguages: [{ languageTag: "en-us", file: PACKAGE_FILES.localization("en-US") }],
    },
    developer: {
      name: source.providerName,
      websiteUrl: source.supportUrl,
      privacyUrl: source.privacyUrl,
      termsOfUseUrl: source.termsOfUseUrl,
    },
    name: { short: source.names.short[fr], full: source.names.full[fr] },
    description: { short: source.descriptions.short[fr], full: source.descriptions.full[fr] },
    icons: { color: PACKAGE_FILES.colorIcon, outline: PACKAGE_FILES.outlineIcon },
    accentColor: source.accentColor,
    validDomains: source.appDomains.map((domain) => new URL(domain).host),
    webApplicationInfo: { id: source.entra.clientId, resource: source.entra.resource },
    authorization: {
      permissions: {
        resourceSpecific: [{ name: "MailboxItem.ReadWrite.User", type: "Delegated" }],
      },
    },
    extensions: [
      {
        requirements: mailbox("1.3"),
        runtimes: [
          {
            id: RUNTIME.events,
            type: "general",
            requirements: mailbox(lowestEventVersion(source)),
            code: { page: source.pages.eventRuntimePage, script: source.pages.eventRuntimeScript },
            lifetime: "short",
            actions: source.launchEvents.map((event) => ({
              id: event.functionName,
              type: "executeFunction",
              displayName: event.functionName,
            })),
          },
          {
            id: RUNTIME.taskpane,
            type: "general",
            code: { page: source.pages.taskpane },
            lifetime: "short",
            actions: [{ id: ACTION.openSignature, type: "openPage" }],
          },
          {
            id: RUNTIME.sendToCommunication,
            type: "general",
            code: { page: source.pages.sendToCommunication },
            lifetime: "short",
            actions: [{ id: ACTION.openSendToCommunication, type: "openPage" }],
          },
        ],
        ribbons: ribbonSpecs(source).map((spec) => ribbon(source, spec, fr)),
        autoRunEvents: autoRunEvents(source),
      },
    ],
  };
}

/** A localization file of the app package: the manifest's texts in `locale`. */
export function outlookJsonLocalization(
  source: ManifestSource,
  locale: Locale,
): Record<string, string> {
  const strings: Record<string, string> = {
    $schema: `${SCHEMA_BASE}/MicrosoftTeams.Localization.schema.json`,
    "name.short": source.names.short[locale],
    "name.full": source.names.full[locale],
    "description.short": source.descriptions.short[locale],
    "description.full": source.descriptions.full[locale],
  };
  ribbonSpecs(source).forEach((spec, index) => {
    const group = `extensions[0].ribbons[${index}].tabs[0].groups[0]`;
    const control = `${group}.controls[0]`;
    strings[`${group}.label`] = source.commands.group[locale];
    strings[`${control}.label`] = spec.command.label[locale];
    strings[`${control}.supertip.title`] = spec.command.label[locale];
    strings[`${control}.supertip.description`] = spec.command.tooltip[locale];
  });
  return strings;
}
