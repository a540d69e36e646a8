import type { Clock } from "../../core/clock";
import { type ExpectedVersion, matchesExpected } from "../../core/conditional";
import { AppError } from "../../core/errors";
import type { Logger } from "../../core/logger";
import type { DbOrTx } from "../../db/client";
import { withTransaction } from "../../db/transaction";
import { recordAudit } from "../audit";
import type { ServiceContext } from "../context";
import {
  type CampaignAudience,
  type BannerSelection as PureSelection,
  type BannerCampaign as SelectionCampaign,
  selectBanner as selectAmong,
} from "./banner-selection";
import {
  addImpressions,
  type CampaignRow,
  type CampaignValues,
  campaignExists,
  findAsset,
  findCampaign,
  findDestination,
  incrementClicks,
  insertCampaign,
  listCampaignRows,
  listDailyStats,
  listSelectableRows,
  lockCampaign,
  type Totals,
  totalsOf,
  updateCampaignRow,
} from "./campaigns.repo";
import {
  type CampaignInput,
  CampaignInputSchema,
  type CampaignPage,
  type CampaignState,
  type CampaignStats,
  type CampaignView,
  campaignStates,
  dayNumber,
  destinationProblem,
  type ListCampaignsQuery,
  MAX_STATS_DAYS,
  normalizeDestination,
  parseInstant,
  type StatsQuery,
} from "./campaigns.schemas";
import {
  endOfNoumeaMinute,
  formatNoumeaLocal,
  lastNoumeaMinute,
  noumeaDay,
  parseNoumeaLocal,
} from "./noumea-time";

/** The entity tags the caller last read, or "*" to overwrite whatever is there. */

/** Where the tracked links of signatures point (`/r/{id}` is served under it). */
export interface CampaignOptions {
  publicUrl: string;
}

const AUDIT_ENTITY = "banner_campaign";
const DAY_MS = 86_400_000;
const DEFAULT_STATS_DAYS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const noTotals: Totals = { clicks: 0, impressions: 0 };

/** The tracked link of a campaign's banner, as put in signatures. */
export function clickUrl(publicUrl: string, campaignId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/r/${campaignId}`;
}

export function campaignEtag(row: Pick<CampaignRow, "version">): string {
  return `"v${row.version}"`;
}

/**
 * The state shown to editors. An ended campaign is "ended" even when paused (resuming it would
 * show nothing); "running" is exactly `isCampaignActive` of banner-selection.
 */
export function campaignState(
  row: Pick<CampaignRow, "status" | "startsAt" | "endsAt">,
  at: Date,
): CampaignState {
  const time = at.getTime();
  if (row.status === "archived") return "archived";
  if (row.endsAt !== null && row.endsAt.getTime() <= time) return "ended";
  if (row.status === "paused") return "paused";
  return row.startsAt.getTime() > time ? "scheduled" : "running";
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** The stored audience; anything unexpected targets nobody rather than everyone. */
function toAudience(stored: Record<string, unknown>): CampaignAudience {
  if (stored.kind === "everyone") return { kind: "everyone" };
  return {
    kind: "targeted",
    departments: strings(stored.departments),
    groupIds: strings(stored.groupIds),
  };
}

function normalizeAudience(audience: CampaignInput["audience"]): CampaignAudience {
  if (audience.kind === "everyone") return { kind: "everyone" };
  return {
    kind: "targeted",
    departments: [...new Set(audience.departments)],
    groupIds: [...new Set(audience.groupIds)],
  };
}

function toView(row: CampaignRow, totals: Totals, at: Date, publicUrl: string): CampaignView {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    state: campaignState(row, at),
    imageHash: row.imageHash,
    imageWidth: row.imageWidth,
    imageHeight: row.imageHeight,
    alt: row.alt,
    destinationUrl: row.destinationUrl,
    clickUrl: clickUrl(publicUrl, row.id),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    startsAtLocal: formatNoumeaLocal(row.startsAt),
    endsAtLocal: row.endsAt ? lastNoumeaMinute(row.endsAt) : null,
    audience: toAudience(row.audience),
    placement: row.placement,
    priority: row.priority,
    rotation: row.rotation,
    totals,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    etag: campaignEtag(row),
  };
}

/** What the audit trail keeps of a campaign. */
function snapshot(row: CampaignRow) {
  return {
    name: row.name,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    audience: toAudience(row.audience),
    placement: row.placement,
    priority: row.priority,
    rotation: row.rotation,
    imageHash: row.imageHash,
    imageWidth: row.imageWidth,
    imageHeight: row.imageHeight,
    alt: row.alt,
    destinationUrl: row.destinationUrl,
    version: row.version,
  };
}

type EditableValues = Omit<CampaignValues, "imageWidth" | "imageHeight">;

function parseInput(input: unknown): EditableValues {
  const parsed = CampaignInputSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
      code: issue.code,
    }));
    throw new AppError("validation_failed", "La campagne est invalide.", details);
  }
  const data = parsed.data;
  return {
    name: data.name,
    status: data.status,
    startsAt: parseNoumeaLocal(data.startsAt),
    endsAt: data.endsAt == null ? null : endOfNoumeaMinute(data.endsAt),
    audience: normalizeAudience(data.audience),
    placement: data.placement,
    priority: data.priority,
    rotation: data.rotation,
    imageHash: data.imageHash.toLowerCase(),
    alt: data.alt,
    destinationUrl: normalizeDestination(data.destinationUrl),
  };
}

function comparable(values: EditableValues): string {
  return JSON.stringify([
    values.name,
    values.status,
    values.startsAt.toISOString(),
    values.endsAt?.toISOString() ?? null,
    toAudience(values.audience),
    values.placement,
    values.priority,
    values.rotation,
    values.imageHash,
    values.alt,
    values.destinationUrl,
  ]);
}

/** The banner image's size, copied onto the campaign: the signature's `<img>` needs it. */
async function bannerImage(db: DbOrTx, hash: string): Promise<{ width: number; height: number }> {
  const asset = await findAsset(db, hash);
  if (asset?.kind === "banner") return { width: asset.width, height: asset.height };
  const message = asset
    ? `Cette image a été téléversée comme « ${asset.kind} » : seule une image téléversée comme bannière peut illustrer une campagne.`
    : "Aucune image téléversée ne correspond à cette empreinte : téléversez d'abord la bannière.";
  throw new AppError("validation_failed", message, [
    { path: "imageHash", message, code: asset ? "not_a_banner" : "unknown_asset" },
  ]);
}

const campaignNotFound = (campaignId: string) =>
  new AppError("not_found", "Campagne introuvable.", { campaignId });

function checkExpected(expected: ExpectedVersion, current: CampaignRow): void {
  const currentEtag = campaignEtag(current);
  if (!matchesExpected(expected, currentEtag)) {
    throw new AppError(
      "conflict",
      "La campagne a été modifiée depuis votre lecture : rechargez-la puis refaites votre modification.",
      { currentEtag },
    );
  }
}

export async function createCampaign(
  ctx: ServiceContext,
  input: unknown,
  options: CampaignOptions,
): Promise<CampaignView> {
  const values = parseInput(input);
  return withTransaction(ctx.db, async (tx) => {
    const image = await bannerImage(tx, values.imageHash);
    const now = ctx.clock.now();
    const row: CampaignRow = {
      id: ctx.ids.uuid(),
      ...values,
      imageWidth: image.width,
      imageHeight: image.height,
      createdAt: now,
      createdBy: ctx.actor?.id ?? null,
      updatedAt: now,
      version: 1,
    };
    await insertCampaign(tx, row);
    await recordAudit(
      { ...ctx, db: tx },
      { action: "campaign.created", entity: AUDIT_ENTITY, entityId: row.id, after: snapshot(row) },
    );
    return toView(row, noTotals, now, options.publicUrl);
  });
}

export async function getCampaign(
  ctx: ServiceContext,
  id: string,
  options: CampaignOptions,
): Promise<CampaignView> {
  const found = await findCampaign(ctx.db, id);
  if (!found) throw campaignNotFound(id);
  return toView(found.campaign, found.totals, ctx.clock.now(), options.publicUrl);
}

export async function listCampaigns(
  ctx: ServiceContext,
  query: ListCampaignsQuery,
  options: CampaignOptions,
): Promise<CampaignPage> {
  const at = (query.at === undefined ? null : parseInstant(query.at)) ?? ctx.clock.now();
  const states = query.status
    ? [...new Set(query.status.split(",") as CampaignState[])]
    : campaignStates.filter((state) => state !== "archived");
  const { rows, total } = await listCampaignRows(
    ctx.db,
    { states, at },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return {
    items: rows.map((row) => toView(row.campaign, row.totals, at, options.publicUrl)),
    page: query.page,
    pageSize: query.pageSize,
    total,
    at: at.toISOString(),
  };
}

/**
 * Replaces the campaign. Writing what is already stored succeeds without a change whatever the
 * expected version, so a retried request neither conflicts nor audits twice.
 */
export async function updateCampaign(
  ctx: ServiceContext,
  params: { id: string; expected: ExpectedVersion; input: unknown },
  options: CampaignOptions,
): Promise<CampaignView> {
  const next = parseInput(params.input);
  return withTransaction(ctx.db, async (tx) => {
    const current = await lockCampaign(tx, params.id);
    if (!current) throw campaignNotFound(params.id);
    const now = ctx.clock.now();
    if (current.status === "archived") {
      throw new AppError(
        "conflict",
        "Cette campagne est archivée : elle ne peut plus être modifiée.",
        { reason: "archived", currentEtag: campaignEtag(current) },
      );
    }
    if (comparable(current) === comparable(next)) {
      return toView(current, await totalsOf(tx, current.id), now, options.publicUrl);
    }
    checkExpected(params.expected, current);
    const image = await bannerImage(tx, next.imageHash);
    const row = await updateCampaignRow(tx, current.id, {
      ...next,
      imageWidth: image.width,
      imageHeight: image.height,
      updatedAt: now,
      version: current.version + 1,
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "campaign.updated",
        entity: AUDIT_ENTITY,
        entityId: row.id,
        before: snapshot(current),
        after: snapshot(row),
      },
    );
    return toView(row, await totalsOf(tx, row.id), now, options.publicUrl);
  });
}

/**
 * Archives rather than deletes: mails already sent keep linking to `/r/{id}`, and the stats stay.
 * Archiving an archived campaign is a no-op.
 */
export async function archiveCampaign(
  ctx: ServiceContext,
  params: { id: string; expected: ExpectedVersion },
  options: CampaignOptions,
): Promise<CampaignView> {
  return withTransaction(ctx.db, async (tx) => {
    const current = await lockCampaign(tx, params.id);
    if (!current) throw campaignNotFound(params.id);
    const now = ctx.clock.now();
    if (current.status === "archived") {
      return toView(current, await totalsOf(tx, current.id), now, options.publicUrl);
    }
    checkExpected(params.expected, current);
    const row = await updateCampaignRow(tx, current.id, {
      status: "archived",
      updatedAt: now,
      version: current.version + 1,
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "campaign.archived",
        entity: AUDIT_ENTITY,
        entityId: row.id,
        before: snapshot(current),
        after: snapshot(row),
      },
    );
    return toView(row, await totalsOf(tx, row.id), now, options.publicUrl);
  });
}

const dayOf = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);
const rate = (clicks: number, impressions: number) =>
  impressions > 0 ? clicks / impressions : null;

function rangeError(path: string, message: string): AppError {
  return new AppError("validation_failed", message, [
    { location: "query", path, message, code: "invalid_range" },
  ]);
}

/** Clicks and impressions per Nouméa day of the range, every day listed (zeros included). */
export async function getCampaignStats(
  ctx: ServiceContext,
  id: string,
  query: StatsQuery,
): Promise<CampaignStats> {
  const to = query.to ?? noumeaDay(ctx.clock.now());
  const toDay = dayNumber(to);
  if (toDay === null) throw rangeError("to", "« to » doit être une date AAAA-MM-JJ.");
  const from = query.from ?? dayOf(toDay - (DEFAULT_STATS_DAYS - 1));
  const fromDay = dayNumber(from);
  if (fromDay === null) throw rangeError("from", "« from » doit être une date AAAA-MM-JJ.");
  if (fromDay > toDay) {
    throw rangeError(
      "from",
      "Le premier jour (from) doit précéder le dernier (to) ou lui être égal.",
    );
  }
  if (toDay - fromDay + 1 > MAX_STATS_DAYS) {
    throw rangeError("to", `La période couvre au plus ${MAX_STATS_DAYS} jours.`);
  }
  if (!(await campaignExists(ctx.db, id))) throw campaignNotFound(id);
  const stored = new Map((await listDailyStats(ctx.db, id, { from, to })).map((r) => [r.day, r]));
  const days: CampaignStats["days"] = [];
  let clicks = 0;
  let impressions = 0;
  for (let day = fromDay; day <= toDay; day += 1) {
    const key = dayOf(day);
    const row = stored.get(key) ?? { clicks: 0, impressions: 0 };
    clicks += row.clicks;
    impressions += row.impressions;
    days.push({
      day: key,
      clicks: row.clicks,
      impressions: row.impressions,
      clickThroughRate: rate(row.clicks, row.impressions),
    });
  }
  return {
    campaignId: id,
    from,
    to,
    days,
    totals: { clicks, impressions, clickThroughRate: rate(clicks, impressions) },
  };
}

export interface ClickDeps {
  db: DbOrTx;
  clock: Clock;
  logger: Logger;
}

/**
 * The stored destination of a campaign's tracked link (any status: mails sent long ago keep
 * working), or null for anything that is not an existing campaign. Counts one click on the
 * Nouméa day when `count` is set; nothing about the visitor is kept.
 */
export async function followCampaignLink(
  deps: ClickDeps,
  id: string,
  options: { count: boolean },
): Promise<string | null> {
  if (!UUID.test(id)) return null;
  const destination = await findDestination(deps.db, id);
  if (destination === undefined) return null;
  // Defence in depth: a row written around the API must not turn the link into an open redirect
  // to another scheme.
  if (destinationProblem(destination) !== null) {
    deps.logger.warn({ campaignId: id }, "banner destination refused");
    return null;
  }
  if (options.count) {
    try {
      await incrementClicks(deps.db, id, noumeaDay(deps.clock.now()));
    } catch (err) {
      // The visitor still gets where the banner promised; a lost count is the lesser harm.
      deps.logger.warn({ err, campaignId: id }, "banner click not counted");
    }
  }
  return destination;
}

/** A campaign as signatures see it: what selection needs, and the image its banner shows. */
export interface BannerCampaign extends SelectionCampaign {
  imageHash: string;
  imageContentType: string;
  imageWidth: number;
  imageHeight: number;
  alt: string;
}

export type BannerSelection<T extends SelectionCampaign = BannerCampaign> = Omit<
  PureSelection,
  "campaign"
> & { campaign: T | null };

type SelectArgs = Parameters<typeof selectAmong>;

/** `selectBanner` of banner-selection, keeping the type of the campaigns given. */
export function selectBanner<T extends SelectionCampaign>(
  campaigns: readonly T[],
  agent: SelectArgs[1],
  variant: SelectArgs[2],
  at: Date,
  labels?: SelectArgs[4],
): BannerSelection<T> {
  const selection = selectAmong(campaigns, agent, variant, at, labels);
  // The pure selection returns one of the objects it was given (or null): a T.
  return { ...selection, campaign: selection.campaign as T | null };
}

/**
 * Non-archived campaigns (paused ones included: `nextTransition` needs them), with their image.
 * A campaign whose image row is missing is left out rather than drawn broken.
 */
export async function listCampaignsForSelection(db: DbOrTx): Promise<BannerCampaign[]> {
  const rows = await listSelectableRows(db);
  return rows.map(({ campaign: row, imageContentType }) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    audience: toAudience(row.audience),
    placement: row.placement,
    priority: row.priority,
    rotation: row.rotation,
    createdAt: row.createdAt,
    imageHash: row.imageHash,
    imageContentType,
    imageWidth: row.imageWidth,
    imageHeight: row.imageHeight,
    alt: row.alt,
  }));
}

/**
 * Adds impressions per campaign and Nouméa day (`YYYY-MM-DD`), batched. Entries for the same
 * campaign and day are summed first; zero counts and unknown campaigns are skipped.
 */
export async function recordImpressions(
  db: DbOrTx,
  counts: readonly { campaignId: string; day: string; count: number }[],
): Promise<void> {
  const summed = new Map<string, { campaignId: string; day: string; count: number }>();
  for (const entry of counts) {
    if (!UUID.test(entry.campaignId) || dayNumber(entry.day) === null) {
      throw new RangeError(`Invalid impression entry ${JSON.stringify(entry)}`);
    }
    if (!Number.isSafeInteger(entry.count) || entry.count < 0) {
      throw new RangeError(`Invalid impression count ${JSON.stringify(entry)}`);
    }
    if (entry.count === 0) continue;
    const campaignId = entry.campaignId.toLowerCase();
    const key = `${campaignId}|${entry.day}`;
    const previous = summed.get(key);
    if (previous) previous.count += entry.count;
    else summed.set(key, { campaignId, day: entry.day, count: entry.count });
  }
  const rows = [...summed.values()].sort((a, b) =>
    a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : a.day < b.day ? -1 : 1,
  );
  if (rows.length > 0) await addImpressions(db, rows);
}
