import {
  type CryptoKey,
  decodeProtectedHeader,
  errors,
  importJWK,
  type JWTHeaderParameters,
  jwtVerify,
} from "jose";
import type { Clock } from "../../core/clock";
import { GRAPH_AUDIENCE } from "../apps";
import type { SigningKeyStore } from "../keys";
import { graphErrors } from "./errors";
import type { GraphRoute } from "./request-log";

/** The calling application, as Graph sees it from the access token. */
export interface GraphCaller {
  appId: string;
  permissions: Set<string>;
}

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const CACHE_LIMIT = 256;

interface Verified {
  caller: GraphCaller;
  kid: string;
  expiresAt: number;
}

/** Application permissions that let an app call each route (least privileged first). */
const ROUTE_PERMISSIONS: Record<GraphRoute, readonly string[]> = {
  "users/delta": [
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  photo: ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
  "groups/delta": [
    "GroupMember.Read.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
};

export function mayCall(caller: GraphCaller, route: GraphRoute): boolean {
  return ROUTE_PERMISSIONS[route].some((permission) => caller.permissions.has(permission));
}

/** Verifies Graph access tokens minted by the sandbox issuer (RS256, published keys). */
export function createGraphAuthenticator(deps: {
  keys: SigningKeyStore;
  issuer: string;
  clock: Clock;
}) {
  const imported = new Map<string, CryptoKey>();
  const keyFor = async (header: JWTHeaderParameters): Promise<CryptoKey> => {
    const published = deps.keys.published().find((key) => key.kid === header.kid);
    if (!published) throw new errors.JWKSNoMatchingKey();
    let key = imported.get(published.kid);
    if (!key) {
      key = (await importJWK(published.publicJwk, "RS256")) as CryptoKey;
      imported.set(published.kid, key);
    }
    return key;
  };

  // A sync sends the same token hundreds of times: verify its signature once, its expiry always.
  const verified = new Map<string, Verified>();
  const fromCache = (token: string): GraphCaller | null => {
    const hit = verified.get(token);
    if (!hit) return null;
    const stillPublished = deps.keys.published().some((key) => key.kid === hit.kid);
    if (!stillPublished) return null;
    if (deps.clock.now().getTime() >= hit.expiresAt) throw graphErrors.tokenExpired();
    return hit.caller;
  };

  return async (authorization: string | undefined): Promise<GraphCaller> => {
    const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? "");
    const token = match?.[1];
    if (!token) throw graphErrors.invalidToken("Access token is empty.");
    if (token.split(".").length !== 3) {
      throw graphErrors.invalidToken("IDX14100: JWT is not well formed, there are no dots (.).");
    }
    const cached = fromCache(token);
    if (cached) return cached;
    try {
      const { payload } = await jwtVerify(token, keyFor, {
        issuer: deps.issuer,
        audience: [GRAPH_AUDIENCE, GRAPH_APP_ID],
        algorithms: ["RS256"],
        currentDate: deps.clock.now(),
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
      const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
      const appId = String(payload.azp ?? payload.appid ?? "");
      const caller = { appId, permissions: new Set([...roles, ...scopes]) };
      if (verified.size >= CACHE_LIMIT) verified.clear();
      verified.set(token, {
        caller,
        kid: String(decodeProtectedHeader(token).kid),
        expiresAt: (payload.exp ?? 0) * 1000,
      });
      return caller;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw graphErrors.tokenExpired();
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") {
        throw graphErrors.invalidToken("Access token validation failure. Invalid audience.");
      }
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === "iss") {
        throw graphErrors.invalidToken("Access token validation failure. Invalid issuer.");
      }
      throw graphErrors.invalidToken("Access token validation failure.");
    }
  };
}

export type GraphAuthenticator = ReturnType<typeof createGraphAuthenticator>;
