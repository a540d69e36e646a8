import { z } from "@hono/zod-openapi";

export const SandboxAgentSchema = z
  .object({
    id: z.string(),
    userPrincipalName: z.string(),
    displayName: z.string(),
    department: z.string().nullable(),
    jobTitle: z.string().nullable(),
    roles: z.array(z.string()),
  })
  .openapi("SandboxAgent");

export const SandboxTokenRequestSchema = z
  .union([
    z.object({ userPrincipalName: z.string().trim().min(3).max(320) }).strict(),
    z.object({ id: z.string().trim().uuid() }).strict(),
  ])
  .openapi("SandboxTokenRequest", {
    description: "Sign in as a seeded agent, by userPrincipalName or id",
  });

export const SandboxTokenSchema = z
  .object({ access_token: z.string(), token_type: z.literal("Bearer"), expires_in: z.number() })
  .openapi("SandboxToken");
