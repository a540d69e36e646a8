import { createMiddleware } from "hono/factory";
import type { Principal, TokenValidator } from "../../auth";
import { AppError } from "../../core/errors";
import type { AppRole } from "../../modules/context";
import type { AppEnv } from "../env";

type AuthedEnv = AppEnv & { Variables: { principal: Principal } };

/**
 * Requires a valid bearer token and, when `role` is given, that role — or one of them, for a
 * list (an Admin holds every role). Missing or invalid token → 401, insufficient role → 403.
 */
export function requireAuth(validate: TokenValidator, role?: AppRole | readonly AppRole[]) {
  const accepted: readonly AppRole[] =
    role === undefined ? [] : typeof role === "string" ? [role] : role;
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) throw new AppError("unauthenticated", "A bearer token is required.");
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      throw new AppError("unauthenticated", "The Authorization header must be 'Bearer <token>'.");
    }
    const principal = await validate(match[1]);
    const allowed =
      accepted.length === 0 ||
      principal.roles.includes("Relais.Admin") ||
      accepted.some((candidate) => principal.roles.includes(candidate));
    if (!allowed) {
      throw new AppError("forbidden", `This action requires the ${accepted.join(" or ")} role.`, {
        requiredRole: accepted.length === 1 ? accepted[0] : accepted,
      });
    }
    c.set("principal", principal);
    await next();
  });
}
