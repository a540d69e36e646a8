import { z } from "@hono/zod-openapi";

export const HealthSchema = z.object({ status: z.literal("ok") }).openapi("Health");

export const ReadinessSchema = z
  .object({
    status: z.enum(["ready", "not_ready"]),
    database: z.enum(["up", "down"]),
    migrations: z.object({ expected: z.number(), applied: z.number(), pending: z.number() }),
  })
  .openapi("Readiness");

export const ClientConfigSchema = z
  .object({
    mode: z.enum(["embedded", "tenant"]),
    tenantId: z.string(),
    clientId: z.string(),
    apiScope: z.string(),
    /** Where front ends (MSAL, nested app authentication) sign agents in. */
    authority: z.string(),
    sandbox: z.boolean(),
  })
  .openapi("ClientConfig");

export type ClientConfig = z.infer<typeof ClientConfigSchema>;
