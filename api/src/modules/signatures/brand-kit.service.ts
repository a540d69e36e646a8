import { eq } from "drizzle-orm";
import { type ExpectedVersion, matchesExpected } from "../../core/conditional";
import { AppError } from "../../core/errors";
import type { DbOrTx } from "../../db/client";
import { assets, brandKits } from "../../db/schema";
import { withTransaction } from "../../db/transaction";
import { recordAudit } from "../audit";
import type { ServiceContext } from "../context";
import { type BrandKit, type BrandKitInput, BrandKitInputSchema } from "./brand-kit.schemas";
import { defaultBrandKit } from "./builtin";

const ROW = "default";

/** The brand kit Relais starts with: the Ville de Dumbéa's, until the team edits it. */
export const initialBrandKit: BrandKitInput = {
  name: defaultBrandKit.name ?? "Ville de Dumbéa",
  primaryColor: defaultBrandKit.primaryColor ?? "#004b87",
  secondaryColor: defaultBrandKit.secondaryColor ?? "#007a73",
  textColor: defaultBrandKit.textColor ?? "#333333",
  mutedColor: defaultBrandKit.mutedColor ?? "#5e6a71",
  fontStack: defaultBrandKit.fontStack ?? "Arial, Helvetica, sans-serif",
  logo: null,
  websiteUrl: defaultBrandKit.websiteUrl,
  websiteLabel: defaultBrandKit.websiteLabel,
  facebookUrl: defaultBrandKit.facebookUrl,
  youtubeUrl: defaultBrandKit.youtubeUrl,
  appStoreUrl: defaultBrandKit.appStoreUrl,
  playStoreUrl: defaultBrandKit.playStoreUrl,
  legalText: {
    fr: defaultBrandKit.legalText,
    en: "This message and its attachments are confidential and intended solely for their addressees. If you received it in error, please notify the sender and delete it.",
  },
  address: defaultBrandKit.address,
};

const etagOf = (version: number) => `"brand-${version}"`;

export async function readBrandKit(db: DbOrTx): Promise<BrandKit> {
  const [row] = await db.select().from(brandKits).where(eq(brandKits.id, ROW));
  if (!row) return { ...initialBrandKit, version: 0, updatedAt: null, etag: etagOf(0) };
  // Stored values were validated on write; a field added later falls back to the initial kit.
  const values = BrandKitInputSchema.safeParse({ ...initialBrandKit, ...row.values });
  return {
    ...(values.success ? values.data : initialBrandKit),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    etag: etagOf(row.version),
  };
}

/** Replaces the brand kit (If-Match on its ETag); the logo must be an uploaded logo asset. */
export async function putBrandKit(
  ctx: ServiceContext,
  input: BrandKitInput,
  expected: ExpectedVersion,
): Promise<BrandKit> {
  return withTransaction(ctx.db, async (tx) => {
    const current = await readBrandKit(tx);
    if (!matchesExpected(expected, current.etag)) {
      throw new AppError("conflict", "The brand kit changed since you read it.", {
        currentEtag: current.etag,
      });
    }
    if (input.logo) {
      const [asset] = await tx.select().from(assets).where(eq(assets.hash, input.logo.hash));
      if (asset?.kind !== "logo") {
        throw new AppError("validation_failed", "The logo must be an uploaded logo image.", {
          field: "logo.hash",
          message: {
            fr: "Le logo doit être une image téléversée comme logo.",
            en: "The logo must be an image uploaded as a logo.",
          },
        });
      }
    }
    const version = current.version + 1;
    const now = ctx.clock.now();
    await tx
      .insert(brandKits)
      .values({ id: ROW, values: input, version, updatedAt: now, updatedBy: ctx.actor?.id ?? null })
      .onConflictDoUpdate({
        target: brandKits.id,
        set: { values: input, version, updatedAt: now, updatedBy: ctx.actor?.id ?? null },
      });
    const { version: _v, updatedAt: _u, etag: _e, ...before } = current;
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "brand_kit.updated",
        entity: "brand_kit",
        entityId: ROW,
        before,
        after: input,
      },
    );
    return { ...input, version, updatedAt: now.toISOString(), etag: etagOf(version) };
  });
}
