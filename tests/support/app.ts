import { createApp } from "../../api/src/app";
import { createTokenValidator, remoteJwks } from "../../api/src/auth";
import { fixedClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createLogger } from "../../api/src/core/logger";
import type { DatabaseHandle } from "../../api/src/db/client";
import { createSandbox } from "../../api/src/sandbox";
import { createTestDatabase, type DbKind } from "./db";

export const SANDBOX_BASE_URL = "http://relais.test";

/**
 * The API as `main.ts` wires it in embedded mode, but in-process: requests go through
 * `app.request`, and the validator's JWKS download is answered by the sandbox routes without
 * a socket (counted, so tests can see refreshes).
 */
export async function createTestApp(
  kind: DbKind,
  options: { database?: DatabaseHandle; jwksCooldownMs?: number; corsOrigins?: string[] } = {},
) {
  const database = options.database ?? (await createTestDatabase(kind));
  const clock = fixedClock(new Date());
  const sandbox = await createSandbox({ baseUrl: SANDBOX_BASE_URL, clock, ids: randomIds });
  let jwksDownloads = 0;
  const app = createApp({
    db: database.db,
    clock,
    ids: randomIds,
    logger: createLogger("silent"),
    validateToken: createTokenValidator({
      ...sandbox.trust,
      clock,
      jwks: remoteJwks(sandbox.trust.jwksUrl, {
        cooldownMs: options.jwksCooldownMs ?? 30_000,
        fetch: async (url, init) => {
          jwksDownloads += 1;
          return app.request(url, { method: init.method ?? "GET" });
        },
      }),
    }),
    profiles: sandbox.profiles,
    clientConfig: {
      mode: "embedded",
      tenantId: sandbox.tenant.tenantId,
      clientId: sandbox.tenant.webClientId,
      apiScope: `${sandbox.tenant.apiAppIdUri}/access_as_user`,
      sandbox: true,
    },
    corsOrigins: options.corsOrigins ?? ["https://intranet.ville-dumbea.nc"],
    sandboxRoutes: sandbox.routes(),
  });

  const userByUpn = (upn: string) => {
    const user = sandbox.directory.users.find((u) => u.userPrincipalName === upn);
    if (!user) throw new Error(`no sandbox user ${upn}`);
    return user;
  };
  const tokenFor = async (upn: string) =>
    (await sandbox.issuer.mintUserToken(userByUpn(upn))).access_token;
  const withRole = (role: string | null) => {
    const user = sandbox.directory.users.find((u) =>
      role === null
        ? u.appRoles.length === 0 && u.accountEnabled
        : u.appRoles.includes(role as never),
    );
    if (!user) throw new Error(`no sandbox user with role ${role}`);
    return user;
  };

  return {
    app,
    sandbox,
    clock,
    database,
    tokenFor,
    withRole,
    jwksDownloads: () => jwksDownloads,
    close: () => database.close(),
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
