import { Agent, fetch, type Response } from "undici";
import { fixedClock } from "../../api/src/core/clock";
import { randomIds } from "../../api/src/core/ids";
import { createSandbox, GRAPH_AUDIENCE, SANDBOX_API_CLIENT_ID } from "../../api/src/sandbox";
import { createSandboxGraph, type SandboxGraphOptions } from "../../api/src/sandbox/graph";
import { startSandboxHttpsServer } from "../../api/src/sandbox/https-server";
import { createSandboxCertificates, type SandboxTls } from "../../api/src/sandbox/tls";

export const GRAPH_ROLES = ["User.Read.All", "GroupMember.Read.All"];
export const SELECT_ALL =
  "id,displayName,givenName,surname,mail,userPrincipalName,jobTitle,department,companyName," +
  "officeLocation,streetAddress,postalCode,city,businessPhones,mobilePhone,preferredLanguage," +
  "accountEnabled,userType,employeeId,manager";

let tlsOnce: Promise<SandboxTls> | undefined;
/** One CA and certificate per test file: generating them is the slow part. */
export const sandboxTls = () =>
  (tlsOnce ??= createSandboxCertificates({ hostnames: ["127.0.0.1", "localhost"] }));

export type Json = Record<string, any>;

export interface GraphSandboxOptions
  extends Partial<Pick<SandboxGraphOptions, "seed" | "pageSize" | "realClock">> {
  agentCount?: number;
}

/**
 * The sandbox Graph served over real HTTPS, called with undici trusting only the sandbox CA,
 * plus an app token for the Relais API app (the roles it is granted by default).
 */
export async function startGraphSandbox(options: GraphSandboxOptions = {}) {
  const clock = fixedClock(new Date("2025-06-02T09:00:00.000Z"));
  const sandbox = await createSandbox({
    clock,
    ids: randomIds,
    agentCount: options.agentCount ?? 120,
  });
  const graph = createSandboxGraph({
    directory: sandbox.directory,
    keys: sandbox.keys,
    issuer: sandbox.trust.issuer,
    clock,
    ids: randomIds,
    seed: options.seed ?? 7,
    pageSize: options.pageSize ?? 25,
    realClock: options.realClock,
  });
  const tls = await sandboxTls();
  const server = await startSandboxHttpsServer({ fetch: graph.app.fetch, tls });
  const agent = new Agent({ connect: { ca: tls.caPem } });

  const token = async (roles: string[] = GRAPH_ROLES, clientId = SANDBOX_API_CLIENT_ID) =>
    (
      await sandbox.issuer.mintAppToken({
        clientId,
        servicePrincipalId: "0e7c1a94-5b3f-4d2a-a8e6-9f4b2c7d1e05",
        audience: GRAPH_AUDIENCE,
        roles,
      })
    ).access_token;
  const defaultToken = await token();

  /** GET a `/v1.0/...` path or an absolute link, with the default token unless told otherwise. */
  const get = (
    pathOrUrl: string,
    init: { token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> => {
    const bearer = init.token === undefined ? defaultToken : init.token;
    const url = pathOrUrl.startsWith("https://") ? pathOrUrl : `${server.url}${pathOrUrl}`;
    return fetch(url, {
      dispatcher: agent,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...init.headers },
    });
  };

  /** Calls the HTTP control API (`/_sandbox/graph/...`) with a JSON or binary body. */
  const controlApi = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${server.url}/_sandbox/graph${path}`, {
      dispatcher: agent,
      method,
      headers:
        body instanceof Uint8Array ? headers : { "content-type": "application/json", ...headers },
      body:
        body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });

  const getJson = async (pathOrUrl: string, init?: Parameters<typeof get>[1]) => {
    const response = await get(pathOrUrl, init);
    return { response, body: (await response.json()) as Json };
  };

  /** Follows nextLinks to the deltaLink; fails on any non-200 page. */
  const round = async (url: string, headers: Record<string, string> = {}) => {
    const pages: Json[] = [];
    let next: string | undefined = url;
    while (next) {
      const { response, body } = await getJson(next, { headers });
      if (response.status !== 200) {
        throw new Error(
          `page ${pages.length} answered ${response.status}: ${JSON.stringify(body)}`,
        );
      }
      pages.push(body);
      next = body["@odata.nextLink"];
    }
    const last = pages[pages.length - 1] as Json;
    return {
      pages,
      items: pages.flatMap((page) => page.value as Json[]),
      deltaLink: last["@odata.deltaLink"] as string,
    };
  };

  return {
    sandbox,
    graph,
    control: graph.control,
    clock,
    tls,
    server,
    url: server.url,
    token,
    get,
    getJson,
    controlApi,
    round,
    close: async () => {
      await server.close();
      await sandbox.close();
      // Unread bodies would keep close() waiting for their requests to end.
      await agent.destroy();
    },
  };
}

export type GraphSandbox = Awaited<ReturnType<typeof startGraphSandbox>>;
