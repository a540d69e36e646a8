import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { SandboxTls } from "./tls";

export interface SandboxHttpsServer {
  /** e.g. `https://127.0.0.1:53412` */
  url: string;
  port: number;
  /** Stops listening and ends every open connection, keep-alive ones included. */
  close(): Promise<void>;
}

/**
 * Serves a fetch handler (a Hono app's `fetch`) over HTTPS. The handler's `env` carries the
 * node request (`env.incoming.socket`), so a fault injector can reset the connection.
 */
export function startSandboxHttpsServer(options: {
  fetch: (request: Request, env: unknown) => Response | Promise<Response>;
  tls: SandboxTls;
  host?: string;
  port?: number;
}): Promise<SandboxHttpsServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(
    { key: options.tls.keyPem, cert: options.tls.certPem },
    getRequestListener(options.fetch),
  );
  // A reset socket or a client that gives up is part of the sandbox's job, not a crash.
  server.on("clientError", (_error, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const hostInUrl = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `https://${hostInUrl}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
