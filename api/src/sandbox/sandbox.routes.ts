import { X509Certificate } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { decodeProtectedHeader, jwtVerify } from "jose";
import type { Clock } from "../core/clock";
import { AppError } from "../core/errors";
import type { IdGenerator } from "../core/ids";
import { errorResponses } from "../http/openapi";
import { createRouter } from "../http/router";
import type { SandboxApp } from "./apps";
import type { SandboxDirectory } from "./directory";
import { type SandboxIssuer, type SandboxTenant, sandboxUrls } from "./issuer";
import type { SigningKeyStore } from "./keys";
import {
  SandboxAgentSchema,
  SandboxTokenRequestSchema,
  SandboxTokenSchema,
} from "./sandbox.schemas";

export interface SandboxDeps {
  tenant: SandboxTenant;
  directory: SandboxDirectory;
  apps: SandboxApp[];
  issuer: SandboxIssuer;
  keys: SigningKeyStore;
  clock: Clock;
  ids: IdGenerator;
}

const listAgents = createRoute({
  method: "get",
  path: "/sandbox/agents",
  tags: ["Sandbox"],
  summary: "Seeded agents of the sandbox tenant (embedded mode only)",
  responses: {
    200: {
      description: "Every enabled agent",
      content: {
        "application/json": { schema: z.object({ agents: z.array(SandboxAgentSchema) }) },
      },
    },
  },
});

const signIn = createRoute({
  method: "post",
  path: "/sandbox/token",
  tags: ["Sandbox"],
  summary: "An access token for this API as a seeded agent (embedded mode only)",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: SandboxTokenRequestSchema } },
    },
  },
  responses: {
    200: { description: "Token", content: { "application/json": { schema: SandboxTokenSchema } } },
    ...errorResponses(400, 404, 422),
  },
});

/** The convenience surface of the sandbox: pick an agent, get a token (the demo's sign-in). */
export function sandboxRoutes(deps: SandboxDeps) {
  const byId = new Map(deps.directory.users.map((user) => [user.id, user]));
  const byUpn = new Map(
    deps.directory.users.map((user) => [user.userPrincipalName.toLowerCase(), user]),
  );
  const agents = deps.directory.users
    .filter((user) => user.accountEnabled)
    .map((user) => ({
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      displayName: user.displayName,
      department: user.department,
      jobTitle: user.jobTitle,
      roles: user.appRoles,
    }));

  return createRouter()
    .openapi(listAgents, (c) => c.json({ agents }, 200))
    .openapi(signIn, async (c) => {
      const input = c.req.valid("json");
      const user =
        "id" in input ? byId.get(input.id) : byUpn.get(input.userPrincipalName.toLowerCase());
      if (!user) throw new AppError("not_found", "No agent of the sandbox tenant matches.");
      if (!user.accountEnabled) {
        throw new AppError("forbidden", "This agent's account is disabled in the directory.");
      }
      return c.json(await deps.issuer.mintUserToken(user), 200);
    });
}

/** Entra-like OpenID Connect endpoints: discovery, JWKS and the OAuth 2.0 token endpoint. */
export function sandboxLoginRoutes(deps: SandboxDeps) {
  const { tenant, issuer } = deps;
  const router = createRouter();
  const prefix = `${new URL(tenant.loginBaseUrl).pathname.replace(/\/+$/, "")}/${tenant.tenantId}`;
  const endpoints = sandboxUrls(tenant);

  router.get(`${prefix}/v2.0/.well-known/openid-configuration`, (c) =>
    c.json({
      issuer: issuer.urls.issuer,
      authorization_endpoint: endpoints.authorize,
      token_endpoint: endpoints.token,
      jwks_uri: endpoints.jwks,
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      grant_types_supported: ["client_credentials", "password"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      claims_supported: [
        "sub",
        "iss",
        "aud",
        "exp",
        "iat",
        "nbf",
        "name",
        "oid",
        "tid",
        "preferred_username",
        "roles",
        "scp",
        "azp",
        "ver",
      ],
      tenant_region_scope: "OC",
    }),
  );

  router.get(`${prefix}/discovery/v2.0/keys`, (c) =>
    c.json({ keys: deps.keys.published().map((key) => ({ ...key.publicJwk, x5t: key.kid })) }),
  );

  router.post(`${prefix}/oauth2/v2.0/token`, async (c) => {
    const form = await readForm(c);
    const grant = form.get("grant_type");
    const scope = form.get("scope") ?? "";
    const { clientId, clientSecret } = clientCredentials(c, form);
    const app = deps.apps.find((candidate) => candidate.clientId === clientId);
    if (!app)
      return oauthError(
        c,
        deps,
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId ?? ""}' was not found in the directory '${tenant.tenantId}'.`,
      );

    if (grant === "client_credentials") {
      const assertion = form.get("client_assertion");
      if (assertion) {
        const problem = await verifyClientAssertion(
          assertion,
          form.get("client_assertion_type"),
          app,
          tokenEndpoint(c),
        );
        if (problem) return oauthError(c, deps, 401, "invalid_client", 700027, problem);
      } else if (!app.secret || clientSecret !== app.secret) {
        return oauthError(
          c,
          deps,
          401,
          "invalid_client",
          7000215,
          "Invalid client secret provided.",
        );
      }
      const resource = defaultScopeResource(scope);
      if (!resource) {
        return oauthError(
          c,
          deps,
          400,
          "invalid_scope",
          1002012,
          "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        );
      }
      const audience = resource === tenant.apiAppIdUri ? tenant.apiClientId : resource;
      const token = await issuer.mintAppToken({
        clientId: app.clientId,
        servicePrincipalId: app.servicePrincipalId,
        audience,
        roles: app.appRoles[resource] ?? [],
      });
      return c.json({ ...token, ext_expires_in: token.expires_in });
    }

    if (grant === "password") {
      const username = (form.get("username") ?? "").toLowerCase();
      const user = deps.directory.users.find(
        (candidate) => candidate.userPrincipalName.toLowerCase() === username,
      );
      if (!user)
        return oauthError(
          c,
          deps,
          400,
          "invalid_grant",
          50034,
          "The user account does not exist in this directory.",
        );
      if (!user.accountEnabled)
        return oauthError(c, deps, 400, "invalid_grant", 50057, "The user account is disabled.");
      const token = await issuer.mintUserToken(user, userTokenOptions(tenant, scope));
      return c.json({ ...token, scope, ext_expires_in: token.expires_in });
    }

    return oauthError(
      c,
      deps,
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant ?? ""}'.`,
    );
  });

  return router;
}

/** The token endpoint's own URL, as the client addressed it (the `aud` of client assertions). */
function tokenEndpoint(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.origin}${url.pathname}`;
}

/**
 * Certificate credentials: a JWT signed with the registered certificate's key, naming the app
 * as iss and sub and the token endpoint as aud, identified by its SHA-256 (or SHA-1) thumbprint.
 */
async function verifyClientAssertion(
  assertion: string,
  type: string | null,
  app: SandboxApp,
  audience: string,
): Promise<string | null> {
  if (type !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
    return "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.";
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return "The client assertion is malformed.";
  }
  const sha256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : null;
  const sha1 = typeof header.x5t === "string" ? header.x5t : null;
  const certificate = app.certificates
    .map((pem) => new X509Certificate(pem))
    .find((cert) => {
      const thumb = (hex: string) =>
        Buffer.from(hex.replaceAll(":", ""), "hex").toString("base64url");
      return thumb(cert.fingerprint256) === sha256 || thumb(cert.fingerprint) === sha1;
    });
  if (!certificate)
    return "The certificate thumbprint in the client assertion is not registered for this application.";
  try {
    await jwtVerify(assertion, certificate.publicKey, {
      algorithms: ["RS256", "PS256"],
      audience,
      issuer: app.clientId,
      subject: app.clientId,
      requiredClaims: ["exp", "jti"],
      // Entra allows five minutes of clock skew between the client and the token endpoint.
      clockTolerance: 300,
    });
    return null;
  } catch (error) {
    return `The client assertion is invalid: ${error instanceof Error ? error.message : "verification failed"}.`;
  }
}

async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded")) {
    throw new AppError(
      "unsupported_media_type",
      "The token endpoint accepts application/x-www-form-urlencoded only.",
    );
  }
  return new URLSearchParams(await c.req.text());
}

function clientCredentials(c: Context, form: URLSearchParams) {
  const basic = /^Basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    return {
      clientId: decodeURIComponent(id ?? ""),
      clientSecret: decodeURIComponent(secret ?? ""),
    };
  }
  return { clientId: form.get("client_id"), clientSecret: form.get("client_secret") };
}

/** `https://graph.microsoft.com/.default` → `https://graph.microsoft.com`. */
function defaultScopeResource(scope: string): string | null {
  const scopes = scope.split(" ").filter(Boolean);
  const only = scopes.length === 1 ? scopes[0] : undefined;
  return only?.endsWith("/.default") ? only.slice(0, -"/.default".length) : null;
}

function userTokenOptions(tenant: SandboxTenant, scope: string) {
  const apiPrefix = `${tenant.apiAppIdUri}/`;
  const scopes = scope
    .split(" ")
    .filter((s) => s.startsWith(apiPrefix))
    .map((s) => s.slice(apiPrefix.length))
    .filter((s) => s !== ".default");
  return { audience: tenant.apiClientId, scopes: scopes.length > 0 ? scopes : ["access_as_user"] };
}

function oauthError(
  c: Context,
  deps: SandboxDeps,
  status: 400 | 401,
  error: string,
  code: number,
  description: string,
) {
  const traceId = deps.ids.uuid();
  return c.json(
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Timestamp: ${deps.clock.now().toISOString()}`,
      error_codes: [code],
      timestamp: deps.clock.now().toISOString(),
      trace_id: traceId,
      correlation_id: c.req.header("client-request-id") ?? deps.ids.uuid(),
    },
    status,
  );
}
