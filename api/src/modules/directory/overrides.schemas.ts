import { z } from "@hono/zod-openapi";

// Bidi embeddings and isolates are rejected with the control characters: they can disguise a
// name in the directory and in signatures.
const forbiddenCharacters = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
const phoneShape = /^\+?[0-9 .()-]+$/;

const text = (max: number) =>
  z
    .string()
    .normalize("NFC")
    .trim()
    .max(max)
    .refine((value) => !forbiddenCharacters.test(value), "Control characters are not allowed")
    .nullable()
    .optional();

const phone = z
  .string()
  .trim()
  .max(32)
  .refine(
    (value) => value === "" || phoneShape.test(value),
    "Digits, spaces, '.', '-', '(', ')' and a leading '+' only",
  )
  .refine((value) => {
    const digits = value.replace(/\D/g, "").length;
    return value === "" || (digits >= 6 && digits <= 15);
  }, "A phone number has 6 to 15 digits")
  .nullable()
  .optional()
  .openapi({ example: "+687 78 12 45" });

export const photoModes = ["entra", "hidden", "custom"] as const;

export const OverrideInputSchema = z
  .strictObject({
    displayName: text(256),
    jobTitle: text(128),
    department: text(64),
    mobilePhone: phone,
    hideMobilePhone: z.boolean().optional(),
    hideBusinessPhones: z.boolean().optional(),
    pronouns: text(30).openapi({ example: "elle" }),
    extraLine: text(200),
    photoMode: z.enum(photoModes).optional(),
    customPhotoHash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "A SHA-256 hash in hexadecimal")
      .nullable()
      .optional()
      .openapi({ description: "Required when photoMode is custom; ignored otherwise" }),
  })
  .refine((input) => input.photoMode !== "custom" || Boolean(input.customPhotoHash), {
    message: "customPhotoHash is required when photoMode is custom",
    path: ["customPhotoHash"],
  })
  .openapi("OverrideInput", {
    description:
      "The whole override (PUT replaces it): an absent, null or empty field is not overridden.",
  });

export type OverrideInput = z.infer<typeof OverrideInputSchema>;

export const OverrideSchema = z
  .object({
    agentId: z.string(),
    displayName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    department: z.string().nullable(),
    mobilePhone: z.string().nullable(),
    hideMobilePhone: z.boolean(),
    hideBusinessPhones: z.boolean(),
    pronouns: z.string().nullable(),
    extraLine: z.string().nullable(),
    photoMode: z.enum(photoModes),
    customPhotoHash: z.string().nullable(),
    updatedAt: z.string().nullable().openapi({ format: "date-time", description: "null: not set" }),
    updatedBy: z.string().nullable().openapi({ description: "Entra object id of the editor" }),
    etag: z.string().openapi({ description: "The version to send back in If-Match" }),
  })
  .openapi("Override");

export type OverrideView = z.infer<typeof OverrideSchema>;

export const IfMatchHeaderSchema = z.object({
  "if-match": z
    .string()
    .min(1)
    .max(500)
    .openapi({
      param: { name: "if-match", in: "header" },
      description: "The ETag last read (GET or PUT response), or * to overwrite knowingly",
    }),
});
