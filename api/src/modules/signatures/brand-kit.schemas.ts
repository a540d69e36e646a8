import { z } from "@hono/zod-openapi";

const color = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, "A colour is #rgb or #rrggbb.")
  .openapi({ example: "#004b87" });
const httpsUrl = z
  .url({ protocol: /^https$/, message: "An https:// address is required." })
  .max(2000)
  .refine((value) => !/\/\/[^/]*@/.test(value), "An address cannot carry credentials.");
const line = (max: number) => z.string().trim().min(1).max(max).nullable();

/** What the communication team edits; the logo is an uploaded asset (kind logo). */
export const BrandKitInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    primaryColor: color,
    secondaryColor: color,
    textColor: color,
    mutedColor: color,
    fontStack: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9 ,'"-]{1,200}$/,
        "Letters, digits, spaces, commas, hyphens and quotes only.",
      ),
    logo: z
      .object({
        hash: z.string().regex(/^[0-9a-f]{64}$/),
        width: z.number().int().min(1).max(600),
        height: z.number().int().min(1).max(300),
        alt: z.string().trim().min(1).max(200),
      })
      .nullable(),
    websiteUrl: httpsUrl.nullable(),
    websiteLabel: line(80),
    facebookUrl: httpsUrl.nullable(),
    youtubeUrl: httpsUrl.nullable(),
    appStoreUrl: httpsUrl.nullable(),
    playStoreUrl: httpsUrl.nullable(),
    legalText: z.object({ fr: line(600), en: line(600) }),
    address: line(200),
  })
  .strict()
  .openapi("BrandKitInput");

export const BrandKitSchema = BrandKitInputSchema.extend({
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  etag: z.string(),
}).openapi("BrandKit");

export type BrandKitInput = z.infer<typeof BrandKitInputSchema>;
export type BrandKit = z.infer<typeof BrandKitSchema>;

export const IfMatchSchema = z.object({
  "if-match": z.string().min(1).openapi({ description: "The ETag of your last read, or *" }),
});
