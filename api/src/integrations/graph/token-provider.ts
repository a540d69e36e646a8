import { X509Certificate } from "node:crypto";
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import type { Logger } from "../../core/logger";
import { msalNetworkModule } from "./msal-network";
import type { Fetch } from "./transport";

export type GraphCredential =
  | { kind: "secret"; secret: string }
  | { kind: "certificate"; certificatePem: string; privateKeyPem: string };

export interface AppTokenProvider {
  /** An app-only token for Graph; `forceRefresh` skips MSAL's cache (after a 401). */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/**
 * App-only tokens through MSAL's ConfidentialClientApplication (client credentials flow).
 * One instance per process: MSAL's in-memory cache serves every call until the token expires.
 */
export function createAppTokenProvider(options: {
  tenantId: string;
  clientId: string;
  credential: GraphCredential;
  authorityHost: string;
  graphResource: string;
  fetch: Fetch;
  logger: Logger;
}): AppTokenProvider {
  const authorityHost = options.authorityHost.replace(/\/+$/, "");
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `${authorityHost}/${options.tenantId}`,
      // A listed authority is trusted as is: no instance discovery call to the public cloud.
      knownAuthorities: [new URL(authorityHost).host],
      ...(options.credential.kind === "secret"
        ? { clientSecret: options.credential.secret }
        : {
            clientCertificate: {
              thumbprintSha256: new X509Certificate(
                options.credential.certificatePem,
              ).fingerprint256.replaceAll(":", ""),
              privateKey: options.credential.privateKeyPem,
              x5c: options.credential.certificatePem,
            },
          }),
    },
    system: {
      networkClient: msalNetworkModule(options.fetch),
      loggerOptions: {
        piiLoggingEnabled: false,
        // Warnings are about interactive flows (client info, accounts): not ours.
        logLevel: LogLevel.Error,
        loggerCallback: (_level, message) => options.logger.error({ msal: message }, "msal"),
      },
    },
  });
  const scopes = [`${options.graphResource.replace(/\/+$/, "")}/.default`];
  return {
    async getToken({ forceRefresh = false } = {}) {
      const result = await app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
      if (!result?.accessToken) throw new Error("MSAL returned no access token");
      return result.accessToken;
    },
  };
}
