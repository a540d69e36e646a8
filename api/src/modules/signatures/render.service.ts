import { hash } from "node:crypto";
import { eq } from "drizzle-orm";
import { AppError, notFound } from "../../core/errors";
import { assets } from "../../db/schema";
import { assetUrl, photoUrl } from "../assets";
import {
  type BannerCampaign,
  clickUrl,
  listCampaignsForSelection,
  nextTransition,
  selectBanner,
  type Variant,
} from "../campaigns";
import type { ServiceContext } from "../context";
import { type AgentSubject, loadAgentSubjects } from "../directory";
import type { BrandKit } from "./brand-kit.schemas";
import { readBrandKit } from "./brand-kit.service";
import {
  type AgentFacts,
  type AssignmentRule,
  type Resolution,
  resolveForMany,
  resolveTemplate,
} from "./rule-resolution";
import * as rulesRepo from "./rules.repo";
import { toAssignmentRule } from "./rules.service";
import {
  type CompiledTemplate,
  compileTemplate,
  renderTemplate,
  type SignatureBanner,
  type SignatureBrand,
  type SignatureView,
  toPlainText,
} from "./template";
import { getPublishedSources, getVersionSources } from "./templates.repo";

export type Language = "fr" | "en";
export const VARIANTS = ["new", "reply", "meeting"] as const;

/** Displayed size of the agent's photo; the image itself is twice as large for sharp screens. */
const PHOTO_DISPLAY = 48;

export interface RenderedSignature {
  agentId: string;
  variant: Variant;
  language: Language;
  html: string;
  text: string;
  characters: number;
  bytes: number;
  etag: string;
  template: { id: string; name: string; versionId: string; number: number };
  rule: { id: string; name: string } | null;
  reason: { fr: string; en: string };
  banner: { campaignId: string; name: string; imageUrl: string; clickUrl: string } | null;
  /** When this signature may change by itself (a banner starting or ending), if ever. */
  validUntil: string | null;
}

/** Everything a rendering needs besides the agent, read once per request (or per bulk run). */
export interface SignatureCatalog {
  rules: AssignmentRule[];
  defaultTemplateId: string | null;
  brand: BrandKit;
  logoUrl: string | null;
  campaigns: BannerCampaign[];
  publicUrl: string;
}

export async function loadCatalog(
  ctx: Pick<ServiceContext, "db">,
  publicUrl: string,
): Promise<SignatureCatalog> {
  const [rules, defaultTemplateId, brand, campaigns] = await Promise.all([
    rulesRepo.listRules(ctx.db),
    rulesRepo.readDefaultTemplateId(ctx.db),
    readBrandKit(ctx.db),
    listCampaignsForSelection(ctx.db),
  ]);
  let logoUrl: string | null = null;
  if (brand.logo) {
    const [logo] = await ctx.db.select().from(assets).where(eq(assets.hash, brand.logo.hash));
    if (logo) logoUrl = assetUrl(publicUrl, logo);
  }
  return {
    rules: rules.map(toAssignmentRule),
    defaultTemplateId,
    brand,
    logoUrl,
    campaigns,
    publicUrl,
  };
}

/** Compiled sources per version and variant: a version never changes once published. */
const compiled = new Map<string, CompiledTemplate>();
function compileCached(key: string, source: string): CompiledTemplate {
  let template = compiled.get(key);
  if (!template) {
    const result = compileTemplate(source);
    if (!result.ok) {
      throw new AppError("internal", "A stored template version does not compile.", {
        errors: result.errors.slice(0, 3),
      });
    }
    if (compiled.size > 500) compiled.clear();
    template = result.template;
    compiled.set(key, template);
  }
  return template;
}

export const languageOf = (preferred: string | null): Language =>
  preferred?.toLowerCase().startsWith("en") ? "en" : "fr";

/** One brand object per catalog and language, so the template engine sanitises it once. */
const brands = new WeakMap<SignatureCatalog, Partial<Record<Language, SignatureBrand>>>();

export function brandFor(catalog: SignatureCatalog, language: Language): SignatureBrand {
  let perLanguage = brands.get(catalog);
  if (!perLanguage) {
    perLanguage = {};
    brands.set(catalog, perLanguage);
  }
  const cached = perLanguage[language];
  if (cached) return cached;
  const built = buildBrand(catalog, language);
  perLanguage[language] = built;
  return built;
}

function buildBrand(catalog: SignatureCatalog, language: Language): SignatureBrand {
  const { brand } = catalog;
  return {
    name: brand.name,
    primaryColor: brand.primaryColor,
    secondaryColor: brand.secondaryColor,
    textColor: brand.textColor,
    mutedColor: brand.mutedColor,
    fontStack: brand.fontStack,
    logoUrl: catalog.logoUrl,
    logoWidth: brand.logo?.width ?? null,
    logoHeight: brand.logo?.height ?? null,
    logoAlt: brand.logo?.alt ?? brand.name,
    websiteUrl: brand.websiteUrl,
    websiteLabel: brand.websiteLabel,
    facebookUrl: brand.facebookUrl,
    youtubeUrl: brand.youtubeUrl,
    appStoreUrl: brand.appStoreUrl,
    playStoreUrl: brand.playStoreUrl,
    legalText: (language === "en" ? brand.legalText.en : null) ?? brand.legalText.fr,
    address: brand.address,
  };
}

const factsOf = (subject: AgentSubject): AgentFacts => ({
  id: subject.profile.id,
  department: subject.profile.department,
  officeLocation: subject.profile.officeLocation,
  groupIds: subject.groupIds,
});

export interface RenderRequest {
  variant: Variant;
  at: Date;
  /** Preview a given version instead of the template the rules pick. */
  templateVersionId?: string;
  /** Skip the plain-text rendering (bulk exports that only need the HTML). */
  withoutText?: boolean;
}

/** One agent's signature from already loaded data: no database access but the template sources. */
async function renderForSubject(
  ctx: Pick<ServiceContext, "db">,
  catalog: SignatureCatalog,
  subject: AgentSubject,
  request: RenderRequest,
  sources: SourcesLookup,
): Promise<RenderedSignature> {
  const facts = factsOf(subject);
  const resolution = resolveTemplate(catalog.rules, facts, catalog.defaultTemplateId);
  const version = request.templateVersionId
    ? await sources.byVersion(ctx, request.templateVersionId)
    : resolution.templateId
      ? await sources.published(ctx, resolution.templateId)
      : null;
  if (!version) {
    throw new AppError("not_found", "No published signature applies to this agent.", {
      agentId: subject.profile.id,
      reason: resolution.reason,
    });
  }
  return renderWith(catalog, subject, facts, version, resolution, request);
}

/**
 * The rendering itself, synchronous: everything is loaded. `transition` is the catalog's next
 * banner edge after `request.at` when the caller already knows it (the same for every agent).
 */
// Shared by every signature of a bulk render rather than copied 50,000 times.
const summaries = new WeakMap<VersionSources, RenderedSignature["template"]>();
function summaryOf(version: VersionSources): RenderedSignature["template"] {
  let summary = summaries.get(version);
  if (!summary) {
    summary = {
      id: version.templateId,
      name: version.templateName,
      versionId: version.versionId,
      number: version.number,
    };
    summaries.set(version, summary);
  }
  return summary;
}
let lastInstant: { date: Date; iso: string } | null = null;
function isoOf(date: Date): string {
  if (lastInstant?.date !== date) lastInstant = { date, iso: date.toISOString() };
  return lastInstant.iso;
}

type Campaign = SignatureCatalog["campaigns"][number];
type BannerShown = { banner: NonNullable<RenderedSignature["banner"]>; view: SignatureBanner };

// One object per campaign: the template engine sanitises a group once per object it sees.
const bannersShown = new WeakMap<Campaign, BannerShown>();

function bannerOf(publicUrl: string, campaign: Campaign): BannerShown {
  let shown = bannersShown.get(campaign);
  if (!shown) {
    const banner = {
      campaignId: campaign.id,
      name: campaign.name,
      imageUrl: assetUrl(publicUrl, {
        hash: campaign.imageHash,
        contentType: campaign.imageContentType,
      }),
      clickUrl: clickUrl(publicUrl, campaign.id),
    };
    shown = {
      banner,
      view: {
        imageUrl: banner.imageUrl,
        clickUrl: banner.clickUrl,
        alt: campaign.alt,
        width: campaign.imageWidth,
        height: campaign.imageHeight,
      },
    };
    bannersShown.set(campaign, shown);
  }
  return shown;
}

function renderWith(
  catalog: SignatureCatalog,
  subject: AgentSubject,
  facts: AgentFacts,
  version: VersionSources,
  resolution: Pick<Resolution, "rule"> & { reason?: Resolution["reason"] },
  request: RenderRequest,
  transition: Date | null = nextTransition(catalog.campaigns, request.at),
): RenderedSignature {
  const language = languageOf(subject.profile.preferredLanguage);
  const variant = request.variant;
  const source =
    (language === "en" ? (version.sources.en?.[variant] ?? version.sources.en?.new) : undefined) ??
    version.sources.fr[variant] ??
    version.sources.fr.new;
  const selection = selectBanner(catalog.campaigns, facts, variant, request.at);
  const campaign = selection.campaign;
  const shown = campaign ? bannerOf(catalog.publicUrl, campaign) : null;
  const banner = shown?.banner ?? null;
  const profile = subject.profile;
  const view: SignatureView = {
    displayName: profile.displayName,
    givenName: profile.givenName,
    surname: profile.surname,
    jobTitle: profile.jobTitle,
    department: profile.department,
    companyName: profile.companyName,
    officeLocation: profile.officeLocation,
    streetAddress: profile.streetAddress,
    postalCode: profile.postalCode,
    city: profile.city,
    mail: profile.mail,
    businessPhone: profile.businessPhones[0] ?? null,
    mobilePhone: profile.mobilePhone,
    pronouns: profile.pronouns,
    extraLine: profile.extraLine,
    managerName: subject.manager?.displayName ?? null,
    managerJobTitle: subject.manager?.jobTitle ?? null,
    photo: profile.photoHash
      ? {
          url: photoUrl(catalog.publicUrl, profile.photoHash, 96),
          width: PHOTO_DISPLAY,
          height: PHOTO_DISPLAY,
        }
      : null,
    banner: shown?.view ?? null,
    brand: brandFor(catalog, language),
  };
  const template = compileCached(`${version.versionId}:${language}:${variant}`, source);
  const html = renderTemplate(template, view);
  const text = request.withoutText ? "" : toPlainText(html);
  // The plain text derives from the HTML: the version and the HTML identify the signature.
  const { etag, bytes } = identify(version.versionId, html);
  const until = transition;
  return {
    agentId: profile.id,
    variant,
    language,
    html,
    text,
    characters: html.length,
    bytes,
    etag,
    template: summaryOf(version),
    rule: resolution.rule ? { id: resolution.rule.id, name: resolution.rule.name } : null,
    reason: resolution.reason
      ? { fr: resolution.reason.fr, en: resolution.reason.en }
      : { fr: "", en: "" },
    banner,
    validUntil: until ? isoOf(until) : null,
  };
}

/** Where `identify` writes a signature's UTF-8: reused, grown when a signature needs more. */
let scratch = Buffer.allocUnsafe(128 * 1024);

/**
 * The signature's ETag (SHA-256 of the version id and the HTML) and its size in UTF-8. The HTML
 * is encoded once, into a reused buffer: hashing the string itself encoded it again, and
 * measuring its byte length scanned it a third time (a third of a bulk render's hashing).
 */
function identify(versionId: string, html: string): { etag: string; bytes: number } {
  const head = `${versionId}\0`;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const needed = (head.length + html.length) * 3;
  if (needed > scratch.length) scratch = Buffer.allocUnsafe(needed);
  const headBytes = scratch.write(head, 0, "utf8");
  const bytes = scratch.write(html, headBytes, "utf8");
  const digest = hash("sha256", scratch.subarray(0, headBytes + bytes), "base64url");
  return { etag: `"${digest.slice(0, 27)}"`, bytes };
}

interface VersionSources {
  templateId: string;
  templateName: string;
  versionId: string;
  number: number;
  sources: {
    fr: { new: string; reply?: string; meeting?: string };
    en?: { new?: string; reply?: string; meeting?: string };
  };
}

/** Template sources by template (published) or version, memoised for one bulk run. */
export interface SourcesLookup {
  published(ctx: Pick<ServiceContext, "db">, templateId: string): Promise<VersionSources | null>;
  byVersion(ctx: Pick<ServiceContext, "db">, versionId: string): Promise<VersionSources | null>;
}

export function sourcesLookup(): SourcesLookup {
  const published = new Map<string, Promise<VersionSources | null>>();
  const versions = new Map<string, Promise<VersionSources | null>>();
  return {
    published(ctx, templateId) {
      let found = published.get(templateId);
      if (!found) {
        found = getPublishedSources(ctx.db, templateId);
        published.set(templateId, found);
      }
      return found;
    },
    byVersion(ctx, versionId) {
      let found = versions.get(versionId);
      if (!found) {
        found = getVersionSources(ctx.db, versionId);
        versions.set(versionId, found);
      }
      return found;
    },
  };
}

/** The signature of one agent now (or at `request.at`). */
export async function renderSignature(
  ctx: Pick<ServiceContext, "db">,
  deps: { publicUrl: string },
  agentId: string,
  request: RenderRequest,
): Promise<RenderedSignature> {
  const subject = (await loadAgentSubjects(ctx, [agentId])).get(agentId);
  if (!subject) throw notFound("Agent", { agentId });
  const catalog = await loadCatalog(ctx, deps.publicUrl);
  return renderForSubject(ctx, catalog, subject, request, sourcesLookup());
}

/** Every active agent's signature at one instant, ready to be rendered one after the other. */
export interface BulkRendering {
  /** Agents without a published template: counted, not rendered. */
  unsigned: string[];
  /** How many signatures `signatures()` yields. */
  count: number;
  /**
   * Renders them in directory order, one at a time: a consumer that writes each one out (the
   * bulk export streams them) never holds 50,000 signatures, nor makes the garbage collector
   * carry them.
   */
  signatures(): Generator<RenderedSignature, void, undefined>;
}

/**
 * Every active agent's signature at `at` (exports, "who gets what"): one catalog, one resolution
 * pass over all agents, each template version compiled once. What can fail (reading the
 * database) is done here; rendering itself awaits nothing.
 */
export async function prepareBulkRendering(
  ctx: Pick<ServiceContext, "db">,
  publicUrl: string,
  request: RenderRequest,
): Promise<BulkRendering> {
  const catalog = await loadCatalog(ctx, publicUrl);
  const subjects = [...(await loadAgentSubjects(ctx, "all")).values()].filter((s) => s.active);
  const facts = subjects.map(factsOf);
  const resolutions = resolveForMany(catalog.rules, facts, catalog.defaultTemplateId);
  // Each template's published sources once; then every agent renders without awaiting anything.
  const lookup = sourcesLookup();
  const templateIds = [...new Set(resolutions.map((resolution) => resolution?.templateId))];
  const versions = new Map<string, VersionSources | null>();
  for (const templateId of templateIds) {
    if (templateId) versions.set(templateId, await lookup.published(ctx, templateId));
  }
  const transition = nextTransition(catalog.campaigns, request.at);
  const unsigned: string[] = [];
  const signed: number[] = [];
  for (const [index, subject] of subjects.entries()) {
    const resolution = resolutions[index];
    const version = resolution?.templateId ? versions.get(resolution.templateId) : null;
    if (resolution && version) signed.push(index);
    else unsigned.push(subject.profile.id);
  }
  return {
    unsigned,
    count: signed.length,
    *signatures() {
      for (const index of signed) {
        const resolution = resolutions[index] as NonNullable<(typeof resolutions)[number]>;
        yield renderWith(
          catalog,
          subjects[index] as AgentSubject,
          facts[index] as AgentFacts,
          versions.get(resolution.templateId as string) as VersionSources,
          resolution,
          request,
          transition,
        );
      }
    },
  };
}
