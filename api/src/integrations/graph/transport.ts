import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Transport {
  fetch: Fetch;
  close(): Promise<void>;
}

/**
 * The HTTP transport for Graph and the token endpoint. A configured CA (the sandbox's local CA,
 * or a TLS-inspecting proxy's) is trusted in addition to the usual public roots.
 */
export function createTransport(options: { caPem?: string } = {}): Transport {
  const agent = new Agent({
    connect: {
      ...(options.caPem ? { ca: [options.caPem, ...rootCertificates] } : {}),
      timeout: 10_000,
    },
    keepAliveTimeout: 10_000,
    connections: 16,
  });
  const fetch: Fetch = (input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
  return { fetch, close: () => agent.close() };
}
