import {
  DEFAULT_LOCALE,
  eventRequirementSet,
  type FormFactor,
  type Localized,
  type ManifestSource,
  OTHER_LOCALES,
} from "./source";
import { element, renderXmlDocument, type XmlElement } from "./xml-writer";

const NAMESPACES = {
  xmlns: "http://schemas.microsoft.com/office/appforoffice/1.1",
  "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
  "xmlns:bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
};
const OVERRIDES_V1_0 = "http://schemas.microsoft.com/office/mailappversionoverrides";
const OVERRIDES_V1_1 = "http://schemas.microsoft.com/office/mailappversionoverrides/1.1";

/** Resource ids (at most 32 characters, bt:ReferenceId). */
const RES = {
  icon16: "Icon.16",
  icon32: "Icon.32",
  icon80: "Icon.80",
  eventPage: "EventRuntime.Url",
  eventScript: "EventRuntimeScript.Url",
  taskpane: "Taskpane.Url",
  sendPage: "SendToCommunication.Url",
  group: "Group.Label",
  signatureLabel: "Signature.Label",
  signatureTooltip: "Signature.Tooltip",
  sendLabel: "SendToCommunication.Label",
  sendTooltip: "SendToCommunication.Tooltip",
  description: "Addin.Description",
} as const;

/** Only the locales whose text differs from French: an identical override says nothing. */
const overrides = (text: Localized, tag: string) =>
  OTHER_LOCALES.filter((locale) => text[locale] !== text[DEFAULT_LOCALE]).map((locale) =>
    element(tag, { Locale: locale, Value: text[locale] }),
  );

const localized = (name: string, text: Localized) =>
  element(name, { DefaultValue: text[DEFAULT_LOCALE] }, overrides(text, "Override"));

const resource = (name: string, id: string, text: Localized) =>
  element(name, { id, DefaultValue: text[DEFAULT_LOCALE] }, overrides(text, "bt:Override"));

const sameEverywhere = (value: string): Localized => ({ "fr-FR": value, "en-US": value });

function button(id: string, label: string, tooltip: string, page: string): XmlElement {
  return element(
    "Control",
    { "xsi:type": "Button", id },
    element("Label", { resid: label }),
    element(
      "Supertip",
      {},
      element("Title", { resid: label }),
      element("Description", { resid: tooltip }),
    ),
    element(
      "Icon",
      {},
      element("bt:Image", { size: "16", resid: RES.icon16 }),
      element("bt:Image", { size: "32", resid: RES.icon32 }),
      element("bt:Image", { size: "80", resid: RES.icon80 }),
    ),
    element("Action", { "xsi:type": "ShowTaskpane" }, element("SourceLocation", { resid: page })),
  );
}

function commandSurface(surface: string, prefix: string, control: XmlElement): XmlElement {
  return element(
    "ExtensionPoint",
    { "xsi:type": surface },
    element(
      "OfficeTab",
      { id: "TabDefault" },
      element("Group", { id: `${prefix}.Group` }, element("Label", { resid: RES.group }), control),
    ),
  );
}

function launchEvents(source: ManifestSource, formFactor: FormFactor): XmlElement | null {
  const events = source.launchEvents.filter((event) => event.formFactors.includes(formFactor));
  if (events.length === 0) return null;
  return element(
    "ExtensionPoint",
    { "xsi:type": "LaunchEvent" },
    element(
      "LaunchEvents",
      {},
      events.map((event) =>
        element("LaunchEvent", { Type: event.type, FunctionName: event.functionName }),
      ),
    ),
    element("SourceLocation", { resid: RES.eventPage }),
  );
}

const strings = (entries: [string, Localized][]) =>
  entries.map(([id, text]) => resource("bt:String", id, text));

/**
 * The add-in only (XML) manifest: the one Outlook on Mac and on mobile accept. Event handlers
 * run from the HTML page, or from the bare script in classic Outlook on Windows (the runtime's
 * `Override type="javascript"`).
 */
export function outlookXmlManifest(source: ManifestSource): string {
  const { commands, pages } = source;
  const desktop = element(
    "DesktopFormFactor",
    {},
    commandSurface(
      "MessageComposeCommandSurface",
      "Relais.MessageCompose",
      button(
        "Relais.MessageCompose.Signature",
        RES.signatureLabel,
        RES.signatureTooltip,
        RES.taskpane,
      ),
    ),
    commandSurface(
      "AppointmentOrganizerCommandSurface",
      "Relais.AppointmentOrganizer",
      button(
        "Relais.AppointmentOrganizer.Signature",
        RES.signatureLabel,
        RES.signatureTooltip,
        RES.taskpane,
      ),
    ),
    commandSurface(
      "MessageReadCommandSurface",
      "Relais.MessageRead",
      button(
        "Relais.MessageRead.SendToCommunication",
        RES.sendLabel,
        RES.sendTooltip,
        RES.sendPage,
      ),
    ),
    launchEvents(source, "desktop"),
  );
  const mobileEvents = launchEvents(source, "mobile");
  const mobile = mobileEvents ? element("MobileFormFactor", {}, mobileEvents) : null;

  const versionOverrides = element(
    "VersionOverrides",
    { xmlns: OVERRIDES_V1_1, "xsi:type": "VersionOverridesV1_1" },
    element("Description", { resid: RES.description }),
    element(
      "Requirements",
      {},
      element(
        "bt:Sets",
        { DefaultMinVersion: eventRequirementSet(source) },
        element("bt:Set", { Name: "Mailbox" }),
      ),
    ),
    element(
      "Hosts",
      {},
      element(
        "Host",
        { "xsi:type": "MailHost" },
        element(
          "Runtimes",
          {},
          element(
            "Runtime",
            { resid: RES.eventPage },
            element("Override", { type: "javascript", resid: RES.eventScript }),
          ),
        ),
        desktop,
        mobile,
      ),
    ),
    element(
      "Resources",
      {},
      element(
        "bt:Images",
        {},
        resource("bt:Image", RES.icon16, sameEverywhere(source.icons[16])),
        resource("bt:Image", RES.icon32, sameEverywhere(source.icons[32])),
        resource("bt:Image", RES.icon80, sameEverywhere(source.icons[80])),
      ),
      element(
        "bt:Urls",
        {},
        resource("bt:Url", RES.eventPage, sameEverywhere(pages.eventRuntimePage)),
        resource("bt:Url", RES.eventScript, sameEverywhere(pages.eventRuntimeScript)),
        resource("bt:Url", RES.taskpane, sameEverywhere(pages.taskpane)),
        resource("bt:Url", RES.sendPage, sameEverywhere(pages.sendToCommunication)),
      ),
      element(
        "bt:ShortStrings",
        {},
        strings([
          [RES.group, commands.group],
          [RES.signatureLabel, commands.signature.label],
          [RES.sendLabel, commands.sendToCommunication.label],
        ]),
      ),
      element(
        "bt:LongStrings",
        {},
        strings([
          [RES.description, source.descriptions.short],
          [RES.signatureTooltip, commands.signature.tooltip],
          [RES.sendTooltip, commands.sendToCommunication.tooltip],
        ]),
      ),
    ),
    element(
      "WebApplicationInfo",
      {},
      element("Id", {}, source.entra.clientId),
      element("Resource", {}, source.entra.resource),
      element("Scopes", {}, element("Scope", {}, "openid"), element("Scope", {}, "profile")),
    ),
  );

  const root = element(
    "OfficeApp",
    { ...NAMESPACES, "xsi:type": "MailApp" },
    element("Id", {}, source.addinId),
    element("Version", {}, source.version),
    element("ProviderName", {}, source.providerName),
    element("DefaultLocale", {}, DEFAULT_LOCALE),
    localized("DisplayName", source.names.short),
    localized("Description", source.descriptions.short),
    localized("IconUrl", sameEverywhere(source.icons[64])),
    localized("HighResolutionIconUrl", sameEverywhere(source.icons[128])),
    localized("SupportUrl", sameEverywhere(source.supportUrl)),
    element(
      "AppDomains",
      {},
      source.appDomains.map((domain) => element("AppDomain", {}, domain)),
    ),
    element("Hosts", {}, element("Host", { Name: "Mailbox" })),
    element(
      "Requirements",
      {},
      element("Sets", {}, element("Set", { Name: "Mailbox", MinVersion: "1.1" })),
    ),
    // Clients too old for the VersionOverrides below fall back to these two forms.
    element(
      "FormSettings",
      {},
      element(
        "Form",
        { "xsi:type": "ItemRead" },
        element(
          "DesktopSettings",
          {},
          localized("SourceLocation", sameEverywhere(pages.sendToCommunication)),
          element("RequestedHeight", {}, "250"),
        ),
      ),
      element(
        "Form",
        { "xsi:type": "ItemEdit" },
        element("DesktopSettings", {}, localized("SourceLocation", sameEverywhere(pages.taskpane))),
      ),
    ),
    element("Permissions", {}, "ReadWriteItem"),
    element(
      "Rule",
      { "xsi:type": "RuleCollection", Mode: "Or" },
      element("Rule", { "xsi:type": "ItemIs", ItemType: "Message", FormType: "Read" }),
      element("Rule", { "xsi:type": "ItemIs", ItemType: "Message", FormType: "Edit" }),
      element("Rule", { "xsi:type": "ItemIs", ItemType: "Appointment", FormType: "Edit" }),
    ),
    element("DisableEntityHighlighting", {}, "true"),
    element(
      "VersionOverrides",
      { xmlns: OVERRIDES_V1_0, "xsi:type": "VersionOverridesV1_0" },
      versionOverrides,
    ),
  );
  return renderXmlDocument(root);
}
