import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  isNotNull,
  isNull,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { assets, bannerCampaigns, bannerDailyStats } from "../../db/schema";
import type { CampaignState } from "./campaigns.schemas";

export type CampaignRow = typeof bannerCampaigns.$inferSelect;
export type CampaignValues = Omit<
  CampaignRow,
  "id" | "createdAt" | "createdBy" | "updatedAt" | "version"
>;
export interface Totals {
  clicks: number;
  impressions: number;
}
export type CampaignWithTotals = { campaign: CampaignRow; totals: Totals };

// Correlated subqueries: evaluated only for the rows returned, through the (campaign, day) key.
const total = (column: typeof bannerDailyStats.clicks | typeof bannerDailyStats.impressions) =>
  sql<number>`(select coalesce(sum(${column}), 0) from ${bannerDailyStats} where ${bannerDailyStats.campaignId} = ${bannerCampaigns.id})`.mapWith(
    Number,
  );

const withTotals = (db: DbOrTx) =>
  db
    .select({
      campaign: bannerCampaigns,
      clicks: total(bannerDailyStats.clicks),
      impressions: total(bannerDailyStats.impressions),
    })
    .from(bannerCampaigns);

const toWithTotals = (row: {
  campaign: CampaignRow;
  clicks: number;
  impressions: number;
}): CampaignWithTotals => ({
  campaign: row.campaign,
  totals: { clicks: row.clicks, impressions: row.impressions },
});

/** The rows in `state` at `at`: the SQL twin of `campaignState` in the service. */
function stateCondition(state: CampaignState, at: Date): SQL {
  const notEnded = or(isNull(bannerCampaigns.endsAt), gt(bannerCampaigns.endsAt, at)) as SQL;
  switch (state) {
    case "archived":
      return eq(bannerCampaigns.status, "archived");
    case "ended":
      return and(
        ne(bannerCampaigns.status, "archived"),
        isNotNull(bannerCampaigns.endsAt),
        lte(bannerCampaigns.endsAt, at),
      ) as SQL;
    case "paused":
      return and(eq(bannerCampaigns.status, "paused"), notEnded) as SQL;
    case "scheduled":
      return and(
        eq(bannerCampaigns.status, "active"),
        gt(bannerCampaigns.startsAt, at),
        notEnded,
      ) as SQL;
    case "running":
      return and(
        eq(bannerCampaigns.status, "active"),
        lte(bannerCampaigns.startsAt, at),
        notEnded,
      ) as SQL;
  }
}

export async function listCampaignRows(
  db: DbOrTx,
  filter: { states: readonly CampaignState[]; at: Date },
  paging: { limit: number; offset: number },
): Promise<{ rows: CampaignWithTotals[]; total: number }> {
  const where = or(...filter.states.map((state) => stateCondition(state, filter.at)));
  const rows = await withTotals(db)
    .where(where)
    .orderBy(
      desc(bannerCampaigns.startsAt),
      desc(bannerCampaigns.createdAt),
      asc(bannerCampaigns.id),
    )
    .limit(paging.limit)
    .offset(paging.offset);
  const [counted] = await db.select({ total: count() }).from(bannerCampaigns).where(where);
  return { rows: rows.map(toWithTotals), total: counted?.total ?? 0 };
}

export async function findCampaign(
  db: DbOrTx,
  id: string,
): Promise<CampaignWithTotals | undefined> {
  const [row] = await withTotals(db).where(eq(bannerCampaigns.id, id));
  return row ? toWithTotals(row) : undefined;
}

/** Locks the campaign's row until the transaction ends: concurrent writes run one at a time. */
export async function lockCampaign(db: DbOrTx, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(bannerCampaigns)
    .where(eq(bannerCampaigns.id, id))
    .for("update");
  return row;
}

export async function insertCampaign(db: DbOrTx, row: CampaignRow): Promise<void> {
  await db.insert(bannerCampaigns).values(row);
}

export async function updateCampaignRow(
  db: DbOrTx,
  id: string,
  values: Partial<Omit<CampaignRow, "id">>,
): Promise<CampaignRow> {
  const [row] = await db
    .update(bannerCampaigns)
    .set(values)
    .where(eq(bannerCampaigns.id, id))
    .returning();
  if (!row) throw new Error(`banner campaign ${id} vanished while locked`);
  return row;
}

export async function totalsOf(db: DbOrTx, id: string): Promise<Totals> {
  const [row] = await db
    .select({
      clicks: sql<number>`coalesce(sum(${bannerDailyStats.clicks}), 0)`.mapWith(Number),
      impressions: sql<number>`coalesce(sum(${bannerDailyStats.impressions}), 0)`.mapWith(Number),
    })
    .from(bannerDailyStats)
    .where(eq(bannerDailyStats.campaignId, id));
  return row ?? { clicks: 0, impressions: 0 };
}

export async function findAsset(
  db: DbOrTx,
  hash: string,
): Promise<{ kind: string; width: number; height: number } | undefined> {
  const [row] = await db
    .select({ kind: assets.kind, width: assets.width, height: assets.height })
    .from(assets)
    .where(eq(assets.hash, hash));
  return row;
}

/** Non-archived campaigns with their image's content type: what signatures may show. */
export async function listSelectableRows(
  db: DbOrTx,
): Promise<{ campaign: CampaignRow; imageContentType: string }[]> {
  return db
    .select({ campaign: bannerCampaigns, imageContentType: assets.contentType })
    .from(bannerCampaigns)
    .innerJoin(assets, eq(assets.hash, bannerCampaigns.imageHash))
    .where(ne(bannerCampaigns.status, "archived"))
    .orderBy(
      asc(bannerCampaigns.priority),
      asc(bannerCampaigns.createdAt),
      asc(bannerCampaigns.id),
    );
}

export async function campaignExists(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: bannerCampaigns.id })
    .from(bannerCampaigns)
    .where(eq(bannerCampaigns.id, id));
  return rows.length > 0;
}

export async function findDestination(db: DbOrTx, id: string): Promise<string | undefined> {
  const [row] = await db
    .select({ destinationUrl: bannerCampaigns.destinationUrl })
    .from(bannerCampaigns)
    .where(eq(bannerCampaigns.id, id));
  return row?.destinationUrl;
}

/** One statement, so concurrent clicks on the same day all count. */
export async function incrementClicks(db: DbOrTx, campaignId: string, day: string): Promise<void> {
  await db
    .insert(bannerDailyStats)
    .values({ campaignId, day, clicks: 1, impressions: 0 })
    .onConflictDoUpdate({
      target: [bannerDailyStats.campaignId, bannerDailyStats.day],
      set: { clicks: sql`${bannerDailyStats.clicks} + 1` },
    });
}

const IMPRESSION_BATCH = 1000;

/**
 * Adds impressions per (campaign, day), one statement per batch. Rows of unknown campaigns are
 * dropped by the join rather than failing the batch; the ordering keeps the row locks of
 * concurrent batches in one order, so they cannot deadlock.
 */
export async function addImpressions(
  db: DbOrTx,
  rows: readonly { campaignId: string; day: string; count: number }[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += IMPRESSION_BATCH) {
    const batch = rows.slice(start, start + IMPRESSION_BATCH);
    const values = sql.join(
      batch.map((row) => sql`(${row.campaignId}::uuid, ${row.day}::date, ${row.count}::integer)`),
      sql`, `,
    );
    await db.execute(sql`
      insert into banner_daily_stats (campaign_id, day, clicks, impressions)
      select c.id, v.day, 0, v.n
      from (values ${values}) as v(campaign_id, day, n)
      join banner_campaigns c on c.id = v.campaign_id
      order by v.campaign_id, v.day
      on conflict (campaign_id, day)
      do update set impressions = banner_daily_stats.impressions + excluded.impressions`);
  }
}

export async function listDailyStats(
  db: DbOrTx,
  campaignId: string,
  range: { from: string; to: string },
): Promise<{ day: string; clicks: number; impressions: number }[]> {
  return db
    .select({
      day: bannerDailyStats.day,
      clicks: bannerDailyStats.clicks,
      impressions: bannerDailyStats.impressions,
    })
    .from(bannerDailyStats)
    .where(
      and(
        eq(bannerDailyStats.campaignId, campaignId),
        gte(bannerDailyStats.day, range.from),
        lte(bannerDailyStats.day, range.to),
      ),
    )
    .orderBy(asc(bannerDailyStats.day));
}
