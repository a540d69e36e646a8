import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { agentOverrides, agents, assets, photoRenditions } from "../../db/schema";
import type { AssetKind } from "./image";

export type AssetRow = typeof assets.$inferSelect;
export type RenditionRow = typeof photoRenditions.$inferSelect;

/** The new row, or null when an asset with these bytes already exists. */
export async function insertAsset(db: DbOrTx, row: AssetRow): Promise<AssetRow | null> {
  const [inserted] = await db.insert(assets).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function findAsset(db: DbOrTx, hash: string): Promise<AssetRow | null> {
  const [row] = await db.select().from(assets).where(eq(assets.hash, hash));
  return row ?? null;
}

export async function listAssets(
  db: DbOrTx,
  filter: { kind?: AssetKind | undefined; limit: number },
): Promise<AssetRow[]> {
  return db
    .select()
    .from(assets)
    .where(filter.kind ? eq(assets.kind, filter.kind) : undefined)
    .orderBy(desc(assets.createdAt), asc(assets.hash))
    .limit(filter.limit);
}

export async function findRendition(
  db: DbOrTx,
  sourceHash: string,
  size: number,
): Promise<RenditionRow | null> {
  const [row] = await db
    .select()
    .from(photoRenditions)
    .where(and(eq(photoRenditions.sourceHash, sourceHash), eq(photoRenditions.size, size)));
  return row ?? null;
}

/** The stored rendition: the one given, or the one another request or replica stored first. */
export async function saveRendition(db: DbOrTx, row: RenditionRow): Promise<RenditionRow> {
  const [inserted] = await db.insert(photoRenditions).values(row).onConflictDoNothing().returning();
  return inserted ?? (await findRendition(db, row.sourceHash, row.size)) ?? row;
}

/**
 * Whether the hash is a photo some agent's signature may show: an Entra photo, or the custom
 * photo an Editor chose in an override (stored hex may be uppercase there).
 */
export async function isAgentPhoto(db: DbOrTx, hash: string): Promise<boolean> {
  const [entra] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(eq(agents.photoHash, hash))
    .limit(1);
  if (entra) return true;
  const [custom] = await db
    .select({ agentId: agentOverrides.agentId })
    .from(agentOverrides)
    .where(
      and(
        eq(agentOverrides.photoMode, "custom"),
        sql`lower(${agentOverrides.customPhotoHash}) = ${hash}`,
      ),
    )
    .limit(1);
  return custom !== undefined;
}
