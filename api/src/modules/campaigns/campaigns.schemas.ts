import { z } from "@hono/zod-openapi";
import { InvalidNoumeaTimeError, parseNoumeaLocal } from "./noumea-time";

// Bidi embeddings and isolates are refused with the control characters: they can disguise a
// text shown to every recipient.
const forbiddenCharacters = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

export const MAX_DESTINATION_LENGTH = 2000;
export const MAX_STATS_DAYS = 366;

export const campaignStates = ["scheduled", "running", "ended", "paused", "archived"] as const;
export type CampaignState = (typeof campaignStates)[number];

function text(max: number, messages: { required: string; tooLong: string }) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? messages.required : "Un texte est attendu."),
    })
    .normalize("NFC")
    .trim()
    .min(1, messages.required)
    .max(max, messages.tooLong)
    .refine(
      (value) => !forbiddenCharacters.test(value),
      "Les caractères de contrôle ne sont pas acceptés.",
    );
}

/** Why a destination is refused (French), or null when it is acceptable. */
export function destinationProblem(value: string): string | null {
  if (value.length > MAX_DESTINATION_LENGTH) {
    return `L'adresse de destination compte au plus ${MAX_DESTINATION_LENGTH} caractères.`;
  }
  // The URL parser silently drops tabs and line breaks: what is stored must be what was typed.
  if (/[\s\p{Cc}]/u.test(value)) {
    return "L'adresse de destination ne doit contenir ni espace ni caractère de contrôle.";
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "L'adresse de destination n'est pas une adresse web valide (https://…).";
  }
  if (url.protocol !== "https:") {
    return "Seules les adresses de destination en https:// sont acceptées.";
  }
  if (url.username !== "" || url.password !== "") {
    return "L'adresse de destination ne doit pas contenir d'identifiant ni de mot de passe.";
  }
  if (url.href.length > MAX_DESTINATION_LENGTH) {
    return `L'adresse de destination compte au plus ${MAX_DESTINATION_LENGTH} caractères une fois encodée.`;
  }
  return null;
}

/** The form stored and redirected to: ASCII only (punycode host, percent-encoded path). */
export function normalizeDestination(value: string): string {
  return new URL(value).href;
}

const noumeaMinute = (required: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? required : "Un texte est attendu.") })
    .superRefine((value, ctx) => {
      try {
        parseNoumeaLocal(value);
      } catch (error) {
        if (!(error instanceof InvalidNoumeaTimeError)) throw error;
        ctx.addIssue({
          code: "custom",
          message: error.localized.fr,
          params: { reason: error.reason },
        });
      }
    })
    .openapi({ pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$", example: "2026-03-01T00:00" });

const audienceEntry = z
  .string()
  .normalize("NFC")
  .trim()
  .min(1, "Un service ou un groupe ne peut pas être vide.")
  .max(200, "Un nom de service ou un identifiant de groupe compte au plus 200 caractères.");

export const CampaignAudienceSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("everyone") }),
      z
        .strictObject({
          kind: z.literal("targeted"),
          departments: z.array(audienceEntry).max(200).default([]).openapi({
            description:
              "Effective services (directory department), compared without case or accents",
          }),
          groupIds: z.array(audienceEntry).max(200).default([]).openapi({
            description: "Entra group ids",
          }),
        })
        .refine((audience) => audience.departments.length + audience.groupIds.length > 0, {
          message: "Une audience ciblée doit nommer au moins un service ou un groupe.",
          path: ["departments"],
        }),
    ],
    { error: "L'audience est « everyone » (tous les agents) ou « targeted » (services, groupes)." },
  )
  .openapi("CampaignAudience", {
    description: "Everyone, or the agents of the listed services OR members of the listed groups",
  });

export type CampaignAudienceInput = z.infer<typeof CampaignAudienceSchema>;

export const CampaignInputSchema = z
  .strictObject({
    name: text(120, {
      required: "Le nom de la campagne est obligatoire.",
      tooLong: "Le nom de la campagne compte au plus 120 caractères.",
    }),
    imageHash: z
      .string({ error: "L'image de la bannière (imageHash) est obligatoire." })
      .regex(/^[0-9a-fA-F]{64}$/, "L'image de la bannière est désignée par son empreinte SHA-256.")
      .openapi({ description: "Hash of an uploaded asset of kind banner" }),
    alt: text(200, {
      required:
        "Le texte alternatif est obligatoire : une image sans texte alternatif est refusée " +
        "(lecteurs d'écran, messageries qui bloquent les images).",
      tooLong: "Le texte alternatif compte au plus 200 caractères.",
    }),
    destinationUrl: z
      .string({ error: "L'adresse de destination est obligatoire." })
      .trim()
      .superRefine((value, ctx) => {
        const problem = destinationProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .openapi({
        format: "uri",
        maxLength: MAX_DESTINATION_LENGTH,
        description: "https only, without credentials",
        example: "https://www.ville-dumbea.nc/agenda",
      }),
    startsAt: noumeaMinute("La date de début est obligatoire.").openapi({
      description: "First minute shown, Nouméa wall-clock time",
    }),
    endsAt: noumeaMinute("La date de fin est invalide.").nullable().optional().openapi({
      description: "Last minute shown (inclusive), Nouméa wall-clock time; null: open-ended",
      example: "2026-03-31T23:59",
    }),
    audience: CampaignAudienceSchema,
    placement: z
      .enum(["new", "all"], { error: "L'emplacement est « new » ou « all »." })
      .default("new")
      .openapi({
        description: "new: new messages and invitations; all: also replies and forwards",
      }),
    priority: z
      .number({ error: "La priorité est un nombre entier de 1 à 100." })
      .int("La priorité est un nombre entier de 1 à 100.")
      .min(1, "La priorité est un nombre entier de 1 à 100.")
      .max(100, "La priorité est un nombre entier de 1 à 100.")
      .default(50)
      .openapi({ description: "1 = first" }),
    rotation: z
      .boolean({ error: "La rotation est true ou false." })
      .default(false)
      .openapi({ description: "Share the slot day by day with campaigns of the same priority" }),
    status: z
      .enum(["active", "paused"], { error: "Le statut est « active » ou « paused »." })
      .default("active"),
  })
  .refine(
    (input) => {
      if (input.endsAt == null) return true;
      try {
        // The stored end is exclusive (the minute after the last one): a one-minute campaign is fine.
        return parseNoumeaLocal(input.endsAt) >= parseNoumeaLocal(input.startsAt);
      } catch {
        return true;
      }
    },
    {
      message: "La fin de la campagne doit être postérieure à son début.",
      path: ["endsAt"],
      // Only when both times are valid: their own messages say what is wrong otherwise.
      when: (payload) =>
        typeof payload.value === "object" &&
        payload.value !== null &&
        !payload.issues.some(
          (issue) =>
            issue.path === undefined || ["startsAt", "endsAt"].includes(String(issue.path[0])),
        ),
    },
  )
  .openapi("CampaignInput", {
    description:
      "The whole campaign (PUT replaces it). Times are Nouméa wall-clock minutes as typed in the console.",
  });

export type CampaignInput = z.infer<typeof CampaignInputSchema>;

const instant = z.string().openapi({ format: "date-time" });

const CountsSchema = z.object({
  clicks: z.number().int(),
  impressions: z.number().int(),
});

export const CampaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["active", "paused", "archived"]),
    state: z.enum(campaignStates).openapi({
      description:
        "At the time asked (now by default): archived; else ended once past its end; else " +
        "paused; else scheduled before its start; else running",
    }),
    imageHash: z.string(),
    imageWidth: z.number().int(),
    imageHeight: z.number().int(),
    alt: z.string(),
    destinationUrl: z.string(),
    clickUrl: z.string().openapi({ description: "The tracked link put in signatures" }),
    startsAt: instant,
    endsAt: instant.nullable().openapi({ description: "Exclusive end; null: open-ended" }),
    startsAtLocal: z.string().openapi({ example: "2026-03-01T00:00" }),
    endsAtLocal: z
      .string()
      .nullable()
      .openapi({ description: "Last minute shown (inclusive)", example: "2026-03-31T23:59" }),
    audience: CampaignAudienceSchema,
    placement: z.enum(["new", "all"]),
    priority: z.number().int(),
    rotation: z.boolean(),
    totals: CountsSchema,
    createdAt: instant,
    createdBy: z.string().nullable(),
    updatedAt: instant,
    version: z.number().int(),
    etag: z.string().openapi({ description: "The version to send back in If-Match" }),
  })
  .openapi("Campaign");

export type CampaignView = z.infer<typeof CampaignSchema>;

export const CampaignIdParamSchema = z.object({
  id: z
    .guid("Identifiant de campagne invalide.")
    .openapi({ param: { name: "id", in: "path" }, description: "Campaign id" }),
});

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const isoInstant = z.iso.datetime({ offset: true });

/** A Nouméa wall-clock minute or an ISO 8601 instant with its offset; null when neither. */
export function parseInstant(value: string): Date | null {
  if (LOCAL_MINUTE.test(value)) {
    try {
      return parseNoumeaLocal(value);
    } catch {
      return null;
    }
  }
  return isoInstant.safeParse(value).success ? new Date(value) : null;
}

const statesPattern = new RegExp(
  `^(${campaignStates.join("|")})(,(${campaignStates.join("|")}))*$`,
);

export const ListCampaignsQuerySchema = z.object({
  status: z
    .string()
    .regex(statesPattern, `Comma-separated states among ${campaignStates.join(", ")}`)
    .optional()
    .openapi({
      description: "States to list, comma-separated; absent: every state but archived",
      example: "running,scheduled",
    }),
  at: z
    .string()
    .max(40)
    .refine((value) => parseInstant(value) !== null, {
      message: "A Nouméa time YYYY-MM-DDTHH:MM or an ISO 8601 instant with its offset",
    })
    .optional()
    .openapi({
      description: "When to compute the states; absent: now",
      example: "2026-03-01T08:00",
    }),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type ListCampaignsQuery = z.infer<typeof ListCampaignsQuerySchema>;

export const CampaignPageSchema = z
  .object({
    items: z.array(CampaignSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    at: instant.openapi({ description: "When the states were computed" }),
  })
  .openapi("CampaignPage");

export type CampaignPage = z.infer<typeof CampaignPageSchema>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid calendar day `YYYY-MM-DD`, else null. */
export function dayNumber(day: string): number | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  if (year < 1970 || year > 9999) return null;
  const time = Date.UTC(year, month - 1, date);
  if (new Date(time).toISOString().slice(0, 10) !== day) return null;
  return time / 86_400_000;
}

const dayParam = (description: string) =>
  z
    .string()
    .refine((value) => dayNumber(value) !== null, "A calendar day YYYY-MM-DD")
    .optional()
    .openapi({ description, example: "2026-03-01" });

export const StatsQuerySchema = z.object({
  from: dayParam("First Nouméa day (inclusive); absent: 29 days before `to`"),
  to: dayParam("Last Nouméa day (inclusive); absent: today in Nouméa"),
});

export type StatsQuery = z.infer<typeof StatsQuerySchema>;

const DailyCountsSchema = CountsSchema.extend({
  clickThroughRate: z
    .number()
    .nullable()
    .openapi({
      description:
        "clicks / impressions; null without impressions. May exceed 1: link scanners of mail " +
        "gateways follow links, and forwarded messages are clicked without a new impression.",
    }),
});

export const CampaignStatsSchema = z
  .object({
    campaignId: z.string(),
    from: z.string(),
    to: z.string(),
    days: z.array(DailyCountsSchema.extend({ day: z.string() })).openapi({
      description: "Every Nouméa day of the range, zeros included, in order",
    }),
    totals: DailyCountsSchema,
  })
  .openapi("CampaignStats");

export type CampaignStats = z.infer<typeof CampaignStatsSchema>;

export const IfMatchHeaderSchema = z.object({
  "if-match": z
    .string()
    .min(1)
    .max(500)
    .openapi({
      param: { name: "if-match", in: "header" },
      description: "The ETag last read (GET, POST or PUT response), or * to overwrite knowingly",
    }),
});
