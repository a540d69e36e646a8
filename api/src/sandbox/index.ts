import type { Clock } from "../core/clock";
import type { IdGenerator } from "../core/ids";
import type { ProfileLookup } from "../modules/identity";
import { SANDBOX_API_CLIENT_ID, SANDBOX_WEB_CLIENT_ID, sandboxApps } from "./apps";
import { generateDirectory, type SandboxDirectory } from "./directory";
import { createSandboxIssuer, type SandboxTenant, sandboxUrls } from "./issuer";
import { createSigningKeyStore } from "./keys";
import { type SandboxDeps, sandboxLoginRoutes, sandboxRoutes } from "./sandbox.routes";

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
  /** Public base URL of the process serving the sandbox, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  clock: Clock;
  ids: IdGenerator;
  /** Keeps the signing keys across restarts; in memory when absent. */
  keyFile?: string;
  seed?: number;
  agentCount?: number;
}

/** The built-in tenant: a seeded Dumbéa directory and an Entra-like token issuer. */
export async function createSandbox(options: SandboxOptions) {
  const directory: SandboxDirectory = generateDirectory({
    seed: options.seed ?? 1,
    agentCount: options.agentCount ?? 400,
  });
  const tenant: SandboxTenant = {
    tenantId: directory.tenantId,
    loginBaseUrl: `${options.baseUrl}/sandbox/login`,
    apiClientId: SANDBOX_API_CLIENT_ID,
    apiAppIdUri: `api://${SANDBOX_API_CLIENT_ID}`,
    webClientId: SANDBOX_WEB_CLIENT_ID,
  };
  const keys = await createSigningKeyStore(options.keyFile);
  const issuer = createSandboxIssuer({ tenant, keys, clock: options.clock, ids: options.ids });
  const deps: SandboxDeps = {
    tenant,
    directory,
    apps: sandboxApps(),
    issuer,
    keys,
    clock: options.clock,
    ids: options.ids,
  };
  const usersById = new Map(directory.users.map((user) => [user.id, user]));
  const profiles: ProfileLookup = async (agentId, tenantId) => {
    const user = tenantId === tenant.tenantId ? usersById.get(agentId) : undefined;
    return user
      ? { displayName: user.displayName, department: user.department, jobTitle: user.jobTitle }
      : null;
  };
  return {
    tenant,
    directory,
    issuer,
    keys,
    urls: sandboxUrls(tenant),
    /** What the API's token validation trusts in embedded mode: same code, this issuer. */
    trust: {
      issuer: sandboxUrls(tenant).issuer,
      jwksUrl: sandboxUrls(tenant).jwks,
      tenantId: tenant.tenantId,
      audiences: [tenant.apiClientId, tenant.apiAppIdUri],
    },
    profiles,
    routes: () => sandboxRoutes(deps).route("/", sandboxLoginRoutes(deps)),
  };
}

export type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
