import {
  createRemoteJWKSet,
  customFetch,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from "jose";
import { LRUCache } from "lru-cache";
import type { Clock } from "../core/clock";
import { AppError } from "../core/errors";
import { type Actor, type AppRole, appRoles } from "../modules/context";

/** Audiences of Microsoft Graph: a token meant for Graph must never open this API. */
const graphAudiences = new Set([
  "https://graph.microsoft.com",
  "https://graph.microsoft.com/",
  "00000003-0000-0000-c000-000000000000",
]);

export interface TokenValidatorOptions {
  issuer: string;
  tenantId: string;
  /** The API's client id and App ID URI: either may appear as `aud`. */
  audiences: string[];
  jwks: JWTVerifyGetKey;
  clock: Clock;
  clockToleranceSeconds?: number;
}

export interface Principal extends Actor {
  userPrincipalName: string | null;
  scopes: string[];
  /** The client application the token was issued to. */
  clientId: string | null;
}

export type TokenValidator = (token: string) => Promise<Principal>;

const unauthenticated = (message: string) => new AppError("unauthenticated", message);

/** Validates Entra ID v2 access tokens for this API (RS256, issuer, tenant, audience, lifetime). */
export function createTokenValidator(options: TokenValidatorOptions): TokenValidator {
  const tolerance = options.clockToleranceSeconds ?? 60;
  // A token proven valid stays valid until it expires: the Outlook add-in sends the same one for
  // up to an hour, so its signature check (RSA) is done once, not on every request.
  const proven = new LRUCache<string, { principal: Principal; expiresAt: number }>({ max: 10_000 });
  return async (token) => {
    const known = proven.get(token);
    if (known && options.clock.now().getTime() < known.expiresAt) return known.principal;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, options.jwks, {
        algorithms: ["RS256"],
        issuer: options.issuer,
        audience: options.audiences,
        clockTolerance: tolerance,
        currentDate: options.clock.now(),
        requiredClaims: ["exp", "iat", "tid", "oid"],
      }));
    } catch (error) {
      throw unauthenticated(describeJoseError(error, token));
    }
    if (payload.tid !== options.tenantId) {
      throw unauthenticated("The token was issued for another tenant.");
    }
    if (typeof payload.oid !== "string" || payload.oid === "") {
      throw unauthenticated("The token does not identify a user or application (no oid).");
    }
    const principal = toPrincipal(payload);
    if (typeof payload.exp === "number")
      proven.set(token, { principal, expiresAt: payload.exp * 1000 });
    return principal;
  };
}

function describeJoseError(error: unknown, token: string): string {
  if (error instanceof joseErrors.JWTExpired) return "The token has expired.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "aud") {
      return audienceOf(token).some((aud) => graphAudiences.has(aud))
        ? "The token is meant for Microsoft Graph, not for this API."
        : "The token is not meant for this API (audience).";
    }
    if (error.claim === "iss") return "The token was not issued by the expected authority.";
    if (error.claim === "nbf") return "The token is not valid yet.";
    return `The token is invalid (${error.claim}).`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The token algorithm is not allowed.";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "The token signing key is unknown.";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return "The token signature is invalid.";
  }
  if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JWSInvalid) {
    return "The token is malformed.";
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JOSEError) {
    return "The token could not be validated.";
  }
  return "The token is malformed.";
}

function audienceOf(token: string): string[] {
  try {
    const part = token.split(".")[1] ?? "";
    const aud: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8")).aud;
    return Array.isArray(aud) ? aud.filter((a) => typeof a === "string") : [String(aud)];
  } catch {
    return [];
  }
}

function toPrincipal(payload: JWTPayload): Principal {
  const claimedRoles = Array.isArray(payload.roles) ? payload.roles : [];
  const roles = appRoles.filter((role): role is AppRole => claimedRoles.includes(role));
  const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  return {
    id: payload.oid as string,
    tenantId: payload.tid as string,
    name: str(payload.name),
    userPrincipalName: str(payload.preferred_username) ?? str(payload.upn),
    roles,
    scopes: (str(payload.scp) ?? "").split(" ").filter(Boolean),
    clientId: str(payload.azp) ?? str(payload.appid),
  };
}

export interface RemoteJwksOptions {
  /** Minimum time between two JWKS downloads triggered by an unknown `kid`. */
  cooldownMs?: number;
  /** Lets tests (and the in-process sandbox) answer the JWKS request without a socket. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** The tenant's JWKS, cached; an unknown `kid` triggers one refresh (rate-limited). */
export function remoteJwks(url: string, options: RemoteJwksOptions = {}): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: 24 * 60 * 60 * 1000,
    timeoutDuration: 5_000,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  });
}
