import { Hono } from "hono";
import type { Clock } from "../core/clock";
import type { IdGenerator } from "../core/ids";
import { SANDBOX_API_CLIENT_ID, SANDBOX_WEB_CLIENT_ID, sandboxApps } from "./apps";
import { generateDirectory, type SandboxDirectory } from "./directory";
import { createSandboxGraph } from "./graph";
import { startSandboxHttpsServer } from "./https-server";
import { createSandboxIssuer, type SandboxTenant, sandboxUrls } from "./issuer";
import { createSigningKeyStore } from "./keys";
import { type SandboxDeps, sandboxLoginRoutes, sandboxRoutes } from "./sandbox.routes";
import { createSandboxCertificates } from "./tls";

export {
  GRAPH_AUDIENCE,
  SANDBOX_API_CLIENT_ID,
  SANDBOX_API_SECRET,
  SANDBOX_WEB_CLIENT_ID,
} from "./apps";
export type { SandboxDirectory, SandboxUser } from "./directory";
export { generateDirectory } from "./directory";
export type { SandboxTenant } from "./issuer";

export interface SandboxOptions {
  clock: Clock;
  ids: IdGenerator;
  /** Where the tenant's HTTPS endpoints listen; port 0 picks a free one. */
  host?: string;
  port?: number;
  /** Keep the signing keys and the local CA across restarts; in memory when absent. */
  keyFile?: string;
  tlsFile?: string;
  seed?: number;
  agentCount?: number;
  /** users/delta page size of the sandbox Graph (1–200). */
  pageSize?: number;
}

/**
 * The built-in tenant, a faithful local stand-in for Entra ID and Microsoft Graph: a seeded
 * Dumbéa directory, an OpenID Connect issuer and the Graph endpoints Relais uses, served over
 * HTTPS with a local CA (MSAL and the Graph client accept nothing else). The issuer is that
 * HTTPS origin, exactly as Entra's is https://login.microsoftonline.com/{tenant}/v2.0.
 */
export async function createSandbox(options: SandboxOptions) {
  const directory: SandboxDirectory = generateDirectory({
    seed: options.seed ?? 1,
    agentCount: options.agentCount ?? 400,
  });
  const [keys, tls] = await Promise.all([
    createSigningKeyStore(options.keyFile),
    createSandboxCertificates({ hostnames: ["127.0.0.1", "localhost"], file: options.tlsFile }),
  ]);
  // Listen first: every URL the tenant advertises (issuer, token endpoint, links) names its port.
  let app: Hono | undefined;
  const server = await startSandboxHttpsServer({
    fetch: (request, env) =>
      app ? app.fetch(request, env) : new Response("starting", { status: 503 }),
    tls,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
  });
  const tenant: SandboxTenant = {
    tenantId: directory.tenantId,
    loginBaseUrl: server.url,
    apiClientId: SANDBOX_API_CLIENT_ID,
    apiAppIdUri: `api://${SANDBOX_API_CLIENT_ID}`,
    webClientId: SANDBOX_WEB_CLIENT_ID,
  };
  const urls = sandboxUrls(tenant);
  const issuer = createSandboxIssuer({ tenant, keys, clock: options.clock, ids: options.ids });
  const graph = createSandboxGraph({
    directory,
    keys,
    issuer: urls.issuer,
    clock: options.clock,
    ids: options.ids,
    seed: options.seed,
    pageSize: options.pageSize,
  });
  const deps: SandboxDeps = {
    tenant,
    directory,
    apps: sandboxApps(),
    issuer,
    keys,
    clock: options.clock,
    ids: options.ids,
  };
  const composed = new Hono();
  composed.route("/", sandboxLoginRoutes(deps));
  composed.route("/", graph.app);
  app = composed;

  return {
    tenant,
    directory,
    issuer,
    keys,
    urls,
    /** The tenant's HTTPS origin: MSAL's authority host and Graph's base URL. */
    origin: server.url,
    /** The local CA that signed the tenant's certificate: the API trusts it by configuration. */
    caPem: tls.caPem,
    /** Control of the Graph stand-in (create, update, delete agents, faults, request log…). */
    graph: graph.control,
    /** What the API's token validation trusts in embedded mode: same code, this issuer. */
    trust: {
      issuer: urls.issuer,
      jwksUrl: urls.jwks,
      tenantId: tenant.tenantId,
      audiences: [tenant.apiClientId, tenant.apiAppIdUri],
    },
    /** The API's demo surface: the agent list and "sign in as" tokens (embedded mode only). */
    apiRoutes: () => sandboxRoutes(deps),
    /** Registers a certificate for an app's client assertions (certificate credentials). */
    registerAppCertificate: (clientId: string, certificatePem: string) => {
      deps.apps
        .find((registered) => registered.clientId === clientId)
        ?.certificates.push(certificatePem);
    },
    close: () => server.close(),
  };
}

export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
