import { z } from "@hono/zod-openapi";

export const MeSchema = z
  .object({
    id: z.string().openapi({ description: "Entra object id (oid)" }),
    tenantId: z.string(),
    displayName: z.string().nullable(),
    userPrincipalName: z.string().nullable(),
    department: z.string().nullable(),
    jobTitle: z.string().nullable(),
    roles: z.array(z.enum(["Relais.Admin", "Relais.Editor", "Relais.Approver"])),
  })
  .openapi("Me");

export type Me = z.infer<typeof MeSchema>;
