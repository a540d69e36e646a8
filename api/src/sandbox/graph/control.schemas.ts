import { z } from "zod";
import { FAULT_KINDS } from "./faults";

const text = z.string().min(1).max(1024);
const nullableText = text.nullable();

const graphUserProperties = {
  displayName: text,
  givenName: nullableText,
  surname: nullableText,
  mail: nullableText,
  userPrincipalName: text,
  jobTitle: nullableText,
  department: nullableText,
  companyName: nullableText,
  officeLocation: nullableText,
  streetAddress: nullableText,
  postalCode: nullableText,
  city: nullableText,
  businessPhones: z.array(text).max(10),
  mobilePhone: nullableText,
  preferredLanguage: nullableText,
  accountEnabled: z.boolean(),
  userType: z.enum(["Member", "Guest"]),
  employeeId: nullableText,
};

export const NewUserSchema = z
  .object({
    ...graphUserProperties,
    managerId: z.string().nullable(),
    hasPhoto: z.boolean(),
    appRoles: z.array(z.enum(["Relais.Admin", "Relais.Editor", "Relais.Approver"])),
  })
  .partial()
  .strict();

/** `null` clears a property; the non-nullable ones are refused by the tenant, not the schema. */
export const UserPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(graphUserProperties).map(([name, schema]) => [name, schema.nullable()]),
    ) as {
      [K in keyof typeof graphUserProperties]: z.ZodNullable<(typeof graphUserProperties)[K]>;
    },
  )
  .partial()
  .strict();

export const ManagerSchema = z.object({ managerId: z.string().min(1).nullable() }).strict();

export const RegeneratePhotoSchema = z.object({ regenerate: z.literal(true) }).strict();

export const NewGroupSchema = z
  .object({
    displayName: text,
    mailNickname: text.optional(),
    description: nullableText.optional(),
    memberIds: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const GroupPatchSchema = z
  .object({ displayName: text, mailNickname: text, description: nullableText })
  .partial()
  .strict();

export const MemberSchema = z.object({ userId: z.string().min(1) }).strict();

export const AdvanceClockSchema = z
  .object({
    ms: z.number().int().nonnegative().optional(),
    days: z.number().nonnegative().optional(),
  })
  .strict();

export const PageSizeSchema = z
  .object({ users: z.number().int(), groups: z.number().int(), groupMembers: z.number().int() })
  .partial()
  .strict();

export const DeltaOptionsSchema = z
  .object({
    duplicates: z.boolean(),
    replays: z.boolean(),
    emptyPageEvery: z.number().int().nonnegative(),
    tokenLifetimeMs: z.number().int().positive(),
  })
  .partial()
  .strict();

const faultTarget = z.enum(["users/delta", "groups/delta", "photo", "all"]);
const faultKind = z.enum(FAULT_KINDS);

export const ResyncSchema = z
  .object({ route: z.enum(["users/delta", "groups/delta"]).optional() })
  .strict();

export const FaultConfigSchema = z
  .object({
    route: faultTarget,
    rates: z.partialRecord(faultKind, z.number().min(0).max(1)).optional(),
    latencyMs: z
      .union([
        z.number().nonnegative(),
        z.object({ min: z.number().nonnegative(), max: z.number().nonnegative() }).strict(),
      ])
      .optional(),
    retryAfterSeconds: z.number().int().positive().optional(),
  })
  .strict();

export const QueueFaultSchema = z
  .object({ route: faultTarget, kind: faultKind, count: z.number().int().positive().optional() })
  .strict();

export const ThrottleSchema = z
  .object({
    limit: z.number().int().positive(),
    windowSeconds: z.number().int().positive(),
    retryAfterSeconds: z.number().int().positive(),
  })
  .partial()
  .strict();
