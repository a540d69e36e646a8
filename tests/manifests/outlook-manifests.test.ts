import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  checkManifestStructure,
  defaultManifestSource,
  ICON_FILES,
  type IconFetcher,
  outlookAppPackage,
  outlookJsonLocalization,
  outlookJsonManifest,
  outlookXmlManifest,
  RELAIS_ADDIN_ID,
  validateJsonLocalization,
  validateJsonManifest,
  validateXmlManifest,
} from "../../manifests/src/index";

const BASE_URL = "https://relais.ville-dumbea.nc";
const CLIENT_ID = "3c1e7a52-9f04-4b8d-a6e2-5d9b0c7f1e34";
const API_SCOPE = `api://${CLIENT_ID}/access_as_user`;
const repoRoot = join(import.meta.dirname, "../..");
const builtRuntime = join(repoRoot, "addins/outlook/dist/launchevent.js");
const iconsDir = join(repoRoot, "addins/outlook/public/icons");

const source = defaultManifestSource({
  baseUrl: BASE_URL,
  clientId: CLIENT_ID,
  apiScope: API_SCOPE,
});
const xml = outlookXmlManifest(source);
const json = outlookJsonManifest(source);

/** What the event runtime bundle must register, minified the way esbuild leaves it. */
const fakeBundle = source.launchEvents
  .map((event, i) => `Office.actions.associate("${event.functionName}",h${i});`)
  .join("");

const servedIcons: IconFetcher = async (url) => ({
  ok: url.startsWith(`${BASE_URL}/addin/icons/`),
  status: url.startsWith(`${BASE_URL}/addin/icons/`) ? 200 : 404,
  headers: new Headers({ "content-type": "image/png" }),
});

const structureOf = (input: {
  xml?: string;
  json?: unknown;
  bundle?: string;
  fetch?: IconFetcher;
}) =>
  checkManifestStructure({
    ...(input.xml === undefined ? {} : { xml: input.xml }),
    ...(input.json === undefined ? {} : { json: input.json }),
    runtimeBundle: input.bundle ?? fakeBundle,
    fetchIcon: input.fetch ?? servedIcons,
  });

describe("the Outlook manifests generated for one environment", () => {
  it("points every URL at the base URL and signs in with the given Entra app", () => {
    expect(xml).toContain(`<Id>${RELAIS_ADDIN_ID}</Id>`);
    expect(xml).toContain(`<Runtime resid="EventRuntime.Url">`);
    expect(xml).toContain(`DefaultValue="${BASE_URL}/addin/launchevent.html"`);
    expect(xml).toContain(`DefaultValue="${BASE_URL}/addin/launchevent.js"`);
    expect(xml).toContain(`<Override type="javascript" resid="EventRuntimeScript.Url"/>`);
    expect(xml).toContain(`<Id>${CLIENT_ID}</Id>`);
    expect(xml).toContain(`<Resource>api://${CLIENT_ID}</Resource>`);
    expect(xml).toContain("<Permissions>ReadWriteItem</Permissions>");
    expect(json.webApplicationInfo).toEqual({ id: CLIENT_ID, resource: `api://${CLIENT_ID}` });
    expect(json.authorization?.permissions?.resourceSpecific).toEqual([
      { name: "MailboxItem.ReadWrite.User", type: "Delegated" },
    ]);
    expect(json.validDomains).toEqual(["relais.ville-dumbea.nc"]);
  });

  it("asks for Mailbox 1.13 in the XML, the set that brought the From-changed events", () => {
    expect(xml).toContain('<Set Name="Mailbox" MinVersion="1.1"/>');
    expect(xml).toContain('<bt:Sets DefaultMinVersion="1.13">');
  });

  it("declares on mobile only the events Outlook on Android and iOS raise", () => {
    const mobile = xml.slice(xml.indexOf("<MobileFormFactor>"), xml.indexOf("</MobileFormFactor>"));
    const types = [...mobile.matchAll(/LaunchEvent Type="(\w+)"/g)].map((match) => match[1]);
    expect(types).toEqual(["OnNewMessageCompose", "OnMessageFromChanged"]);
    const desktop = xml.slice(
      xml.indexOf("<DesktopFormFactor>"),
      xml.indexOf("</DesktopFormFactor>"),
    );
    expect([...desktop.matchAll(/LaunchEvent Type="(\w+)"/g)].map((match) => match[1])).toEqual([
      "OnNewMessageCompose",
      "OnNewAppointmentOrganizer",
      "OnMessageFromChanged",
      "OnAppointmentFromChanged",
    ]);
  });

  it("is French by default with English overrides", () => {
    expect(xml).toContain("<DefaultLocale>fr-FR</DefaultLocale>");
    expect(xml).toContain('DefaultValue="Envoyer au service communication"');
    expect(xml).toContain('<bt:Override Locale="en-US" Value="Send to communication department"/>');
    expect(json.localizationInfo).toEqual({
      defaultLanguageTag: "fr-fr",
      additionalLanguages: [{ languageTag: "en-us", file: "en-us.json" }],
    });
    const english = outlookJsonLocalization(source, "en-US");
    expect(english["extensions[0].ribbons[1].tabs[0].groups[0].controls[0].label"]).toBe(
      "Send to communication department",
    );
  });

  it("groups the unified manifest's events by the requirement set each needs", () => {
    const groups = json.extensions?.[0]?.autoRunEvents ?? [];
    expect(
      groups.map((group) => ({
        minVersion: group.requirements?.capabilities?.[0]?.minVersion,
        events: group.events.map((event) => `${event.type}→${event.actionId}`),
      })),
    ).toEqual([
      {
        minVersion: "1.10",
        events: [
          "newMessageComposeCreated→onNewMessageComposeHandler",
          "newAppointmentOrganizerCreated→onNewAppointmentOrganizerHandler",
        ],
      },
      {
        minVersion: "1.13",
        events: [
          "messageFromChanged→onMessageFromChangedHandler",
          "appointmentFromChanged→onAppointmentFromChangedHandler",
        ],
      },
    ]);
  });

  it("validates the XML manifest against Microsoft's XSDs with xmllint", async () => {
    expect(await validateXmlManifest(xml)).toEqual([]);
  });

  it("validates the unified manifest and its English texts against the bundled schemas", () => {
    expect(validateJsonManifest(json)).toEqual([]);
    expect(validateJsonLocalization(outlookJsonLocalization(source, "en-US"))).toEqual([]);
  });

  it("passes the structural checks", async () => {
    expect(await structureOf({ xml, json })).toEqual({ errors: [], notChecked: [] });
  });

  it.runIf(existsSync(builtRuntime))("finds every handler in the built event runtime", async () => {
    const bundle = readFileSync(builtRuntime, "utf8");
    expect((await structureOf({ xml, json, bundle })).errors).toEqual([]);
  });

  it("says which checks it skipped instead of passing them silently", async () => {
    const result = await checkManifestStructure({ xml, runtimeBundle: null, fetchIcon: null });
    expect(result.errors).toEqual([]);
    expect(result.notChecked).toEqual([
      "icons: not fetched (no fetch function given)",
      "event handlers: not looked up (no runtime bundle given)",
    ]);
  });

  it("packages the unified manifest with its icons and English texts for the admin center", () => {
    const icons = { color: new Uint8Array([1, 2, 3]), outline: new Uint8Array([4, 5]) };
    const entries = unzip(outlookAppPackage(source, icons));
    expect([...entries.keys()]).toEqual([
      "manifest.json",
      "color.png",
      "outline.png",
      "en-us.json",
    ]);
    expect(JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "")).toEqual(json);
    expect([...(entries.get("outline.png") ?? [])]).toEqual([4, 5]);
    expect(JSON.parse(entries.get("en-us.json")?.toString("utf8") ?? "")["name.short"]).toBe(
      "Relais",
    );
  });
});

describe("a broken manifest fails with a clear message", () => {
  it("names a misspelled LaunchEvent type, which the XSD lets through", async () => {
    const broken = xml.replace('Type="OnNewMessageCompose"', 'Type="OnNewMesageCompose"');
    expect(await validateXmlManifest(broken)).toEqual([]);
    const { errors } = await structureOf({ xml: broken });
    expect(errors).toEqual([
      expect.stringMatching(
        /DesktopFormFactor\/ExtensionPoint\[4\]\/LaunchEvents\/LaunchEvent\[1\]\/@Type \(line \d+\): unknown LaunchEvent type "OnNewMesageCompose" \(did you mean "OnNewMessageCompose"\?\)$/,
      ),
    ]);
  });

  it("refuses an event mobile Outlook never raises under MobileFormFactor", async () => {
    const mobileStart = xml.indexOf("<MobileFormFactor>");
    const broken =
      xml.slice(0, mobileStart) +
      xml.slice(mobileStart).replace('Type="OnMessageFromChanged"', 'Type="OnMessageSend"');
    const { errors } = await structureOf({ xml: broken });
    expect(errors).toEqual([
      expect.stringContaining('Outlook on Android and iOS never raise "OnMessageSend"'),
    ]);
  });

  it("names an http:// URL", async () => {
    const broken = xml.replace(
      `DefaultValue="${BASE_URL}/addin/taskpane.html"`,
      'DefaultValue="http://relais.ville-dumbea.nc/addin/taskpane.html"',
    );
    const { errors } = await structureOf({ xml: broken });
    expect(errors).toContain(
      `/OfficeApp/FormSettings/Form[2]/DesktopSettings/SourceLocation/@DefaultValue (line ${lineOf(broken, "http://relais")}): "http://relais.ville-dumbea.nc/addin/taskpane.html" must use https`,
    );
  });

  it("names an http:// URL in the unified manifest", async () => {
    const broken = structuredClone(json);
    const runtime = broken.extensions?.[0]?.runtimes?.[1];
    if (runtime) runtime.code.page = "http://relais.ville-dumbea.nc/addin/taskpane.html";
    const { errors } = await structureOf({ json: broken });
    expect(errors).toEqual([
      'extensions[0].runtimes[1].code.page: "http://relais.ville-dumbea.nc/addin/taskpane.html" must use https',
    ]);
  });

  it("names a resid that no resource declares", async () => {
    const broken = xml.replace(
      '<bt:String id="Signature.Tooltip"',
      '<bt:String id="Signature.Tip"',
    );
    expect(await validateXmlManifest(broken)).toEqual([]);
    const { errors } = await structureOf({ xml: broken });
    expect(errors).toHaveLength(2); // the compose and the appointment buttons
    expect(errors[0]).toMatch(
      /Supertip\/Description\/@resid \(line \d+\): resid "Signature\.Tooltip" is not declared in Resources$/,
    );
  });

  it("names a resid that points at the wrong kind of resource", async () => {
    const broken = xml.replace('<Label resid="Group.Label"/>', '<Label resid="Taskpane.Url"/>');
    const { errors } = await structureOf({ xml: broken });
    expect(errors).toEqual([
      expect.stringContaining(
        'resid "Taskpane.Url" names a Url resource, a ShortString is expected here',
      ),
    ]);
  });

  it("names a handler missing from the runtime bundle", async () => {
    const bundle = fakeBundle.replace("onMessageFromChangedHandler", "onFromChanged");
    const { errors } = await structureOf({ xml, json, bundle });
    expect(errors).toEqual([
      expect.stringMatching(
        /DesktopFormFactor\/ExtensionPoint\[4\]\/LaunchEvents\/LaunchEvent\[3\]\/@FunctionName \(line \d+\): function "onMessageFromChangedHandler" does not appear in the event runtime bundle/,
      ),
      expect.stringMatching(
        /MobileFormFactor\/ExtensionPoint\/LaunchEvents\/LaunchEvent\[2\]\/@FunctionName .*"onMessageFromChangedHandler"/,
      ),
      expect.stringMatching(
        /^extensions\[0\]\.runtimes\[0\]\.actions\[2\]\.id: function "onMessageFromChangedHandler" does not appear/,
      ),
    ]);
  });

  it("names an icon that does not answer, or that is not a PNG", async () => {
    const fetchIcon: IconFetcher = async (url) => ({
      ok: !url.endsWith("icon-80.png"),
      status: url.endsWith("icon-80.png") ? 404 : 200,
      headers: new Headers({
        "content-type": url.endsWith("icon-16.png") ? "text/html" : "image/png",
      }),
    });
    const { errors } = await structureOf({ xml, fetch: fetchIcon });
    expect(errors).toEqual([
      expect.stringMatching(
        /bt:Image\[1\]\/@DefaultValue \(line \d+\): icon https:\/\/relais\.ville-dumbea\.nc\/addin\/icons\/icon-16\.png is "text\/html", not image\/png$/,
      ),
      expect.stringMatching(/bt:Image\[3\]\/@DefaultValue .*icon-80\.png answered HTTP 404$/),
    ]);
  });

  it("names the missing required field of an invalid unified manifest", () => {
    const { developer: _developer, ...broken } = json;
    expect(validateJsonManifest(broken)).toEqual(["/: must have required property 'developer'"]);
  });

  it("names an unknown unified event type and its closest match", async () => {
    const broken = structuredClone(json);
    const event = broken.extensions?.[0]?.autoRunEvents?.[1]?.events[0];
    if (event) event.type = "messageFromChange";
    const { errors } = await structureOf({ json: broken });
    expect(errors).toEqual([
      'extensions[0].autoRunEvents[1].events[0].type: unknown event type "messageFromChange" (did you mean "messageFromChanged"?)',
    ]);
  });

  it("surfaces an XSD error with its line and message for an element out of order", async () => {
    const broken = xml
      .replace("  <Permissions>ReadWriteItem</Permissions>\n", "")
      .replace(
        "  <DisableEntityHighlighting>",
        "  <Permissions>ReadWriteItem</Permissions>\n  <DisableEntityHighlighting>",
      );
    const line = lineOf(broken, "<Permissions>");
    // The wording is libxml2's; the line and the element are what matter.
    expect(await validateXmlManifest(broken)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^line ${line}: element Permissions: Schemas validity error : Element 'Permissions': ` +
            "This element is not expected\\. Expected is one of \\( DisableEntityHighlighting, ",
        ),
      ),
    ]);
  });

  it("says the XML was not validated when the schemas are missing", async () => {
    const errors = await validateXmlManifest(xml, { schemaDir: join(repoRoot, "no-such-folder") });
    expect(errors).toEqual([
      expect.stringContaining("schema not found, the XML manifest was NOT validated"),
    ]);
  });

  it("reports XML that is not well formed", async () => {
    const broken = xml.replace("</DesktopFormFactor>", "");
    const { errors } = await structureOf({ xml: broken });
    expect(errors).toEqual([
      expect.stringMatching(/^XML manifest, line \d+: unexpected close tag/),
    ]);
  });
});

describe("the add-in icons", () => {
  it.each(ICON_FILES)("$file is a $size px PNG", async ({ file, size, variant }) => {
    const metadata = await sharp(readFileSync(join(iconsDir, file))).metadata();
    expect(metadata).toMatchObject({ format: "png", width: size, height: size });
    if (variant === "outline") expect(metadata.hasAlpha).toBe(true);
  });
});

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}

/** Reads a ZIP through its central directory, the way an unzipper does. */
function unzip(archive: Uint8Array): Map<string, Buffer> {
  const buffer = Buffer.from(archive);
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
    const dataStart =
      local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength;
  }
  return entries;
}
