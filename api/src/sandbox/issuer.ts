import { SignJWT } from "jose";
import type { Clock } from "../core/clock";
import type { IdGenerator } from "../core/ids";
import type { SandboxUser } from "./directory";
import type { SigningKeyStore } from "./keys";

/** Where the sandbox's Entra-like endpoints live, and who the apps are. */
export interface SandboxTenant {
  tenantId: string;
  /** e.g. `http://127.0.0.1:3000/sandbox/login`: plays the role of https://login.microsoftonline.com */
  loginBaseUrl: string;
  /** The Relais API app registration: the audience of user tokens. */
  apiClientId: string;
  apiAppIdUri: string;
  /** The Relais front ends' app registration (SPA): the `azp` of user tokens. */
  webClientId: string;
}

export const TOKEN_LIFETIME_SECONDS = 3600;

export function sandboxUrls(tenant: SandboxTenant) {
  const base = `${tenant.loginBaseUrl}/${tenant.tenantId}`;
  return {
    issuer: `${base}/v2.0`,
    discovery: `${base}/v2.0/.well-known/openid-configuration`,
    jwks: `${base}/discovery/v2.0/keys`,
    token: `${base}/oauth2/v2.0/token`,
    authorize: `${base}/oauth2/v2.0/authorize`,
  };
}

export interface MintedToken {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** Mints Entra v2-shaped access tokens signed with the sandbox's current key. */
export function createSandboxIssuer(deps: {
  tenant: SandboxTenant;
  keys: SigningKeyStore;
  clock: Clock;
  ids: IdGenerator;
}) {
  const urls = sandboxUrls(deps.tenant);

  async function sign(claims: Record<string, unknown>, audience: string): Promise<MintedToken> {
    const key = deps.keys.current();
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({ ...claims, tid: deps.tenant.tenantId, ver: "2.0" })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
      .setIssuer(urls.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .setJti(deps.ids.uuid())
      .sign(key.privateKey);
    return { access_token: accessToken, token_type: "Bearer", expires_in: TOKEN_LIFETIME_SECONDS };
  }

  return {
    urls,
    /** A delegated token for an agent, as the front ends get from Entra (scope access_as_user). */
    mintUserToken(user: SandboxUser, options: { audience?: string; scopes?: string[] } = {}) {
      return sign(
        {
          oid: user.id,
          sub: user.id,
          name: user.displayName,
          preferred_username: user.userPrincipalName,
          scp: (options.scopes ?? ["access_as_user"]).join(" "),
          roles: user.appRoles,
          azp: deps.tenant.webClientId,
          azpacr: "0",
        },
        options.audience ?? deps.tenant.apiClientId,
      );
    },
    /** An app-only token (client credentials): `roles` are the application permissions. */
    mintAppToken(options: {
      clientId: string;
      servicePrincipalId: string;
      audience: string;
      roles: string[];
    }) {
      return sign(
        {
          oid: options.servicePrincipalId,
          sub: options.servicePrincipalId,
          idtyp: "app",
          roles: options.roles,
          azp: options.clientId,
          azpacr: "1",
        },
        options.audience,
      );
    },
  };
}

export type SandboxIssuer = ReturnType<typeof createSandboxIssuer>;
