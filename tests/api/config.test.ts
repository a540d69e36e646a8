import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/src/config";

const run = promisify(execFile);

describe("configuration", () => {
  it("defaults to the embedded mode on 127.0.0.1:3000 with PGlite under .data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.publicUrl).toBe("http://127.0.0.1:3000");
    expect(config.database).toEqual({ kind: "pglite", dataDir: ".data/pglite" });
    expect(config.tenant).toEqual({ mode: "embedded", sandboxHttpsPort: 3443 });
    expect(config.directorySync).toEqual({ enabled: true, intervalMinutes: 5 });
    expect(config.corsOrigins).toEqual([]);
  });

  it("honours PORT, HOST, DATABASE_URL and CORS_ORIGINS", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://relais@db.internal:5432/relais",
      CORS_ORIGINS: "https://intranet.ville-dumbea.nc, https://teams.microsoft.com",
    });
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
    expect(config.database).toEqual({
      kind: "postgres",
      url: "postgres://relais@db.internal:5432/relais",
    });
    expect(config.corsOrigins).toEqual([
      "https://intranet.ville-dumbea.nc",
      "https://teams.microsoft.com",
    ]);
  });

  it("switches to tenant mode with the tenant's issuer, JWKS and audiences", () => {
    const config = loadConfig({
      ENTRA_TENANT_ID: "11111111-2222-3333-4444-555555555555",
      ENTRA_CLIENT_ID: "66666666-7777-8888-9999-000000000000",
      ENTRA_CLIENT_SECRET: "s3cret",
    });
    expect(config.tenant).toMatchObject({
      mode: "tenant",
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientId: "66666666-7777-8888-9999-000000000000",
      audiences: [
        "66666666-7777-8888-9999-000000000000",
        "api://66666666-7777-8888-9999-000000000000",
      ],
      issuer: "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0",
      jwksUrl:
        "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/discovery/v2.0/keys",
      authorityHost: "https://login.microsoftonline.com",
      graphBaseUrl: "https://graph.microsoft.com",
      credential: { kind: "secret", secret: "s3cret" },
    });
  });

  it("takes a certificate instead of a secret for Graph, both PEM files together", () => {
    const tenant = {
      ENTRA_TENANT_ID: "11111111-2222-3333-4444-555555555555",
      ENTRA_CLIENT_ID: "66666666-7777-8888-9999-000000000000",
    };
    expect(() => loadConfig(tenant)).toThrow(
      /ENTRA_CLIENT_SECRET: or ENTRA_CLIENT_CERTIFICATE_FILE is required/,
    );
    expect(() =>
      loadConfig({ ...tenant, ENTRA_CLIENT_CERTIFICATE_FILE: "/etc/relais/app.pem" }),
    ).toThrow(/ENTRA_CLIENT_PRIVATE_KEY_FILE: and ENTRA_CLIENT_CERTIFICATE_FILE go together/);
    const config = loadConfig({
      ...tenant,
      ENTRA_CLIENT_CERTIFICATE_FILE: "/etc/relais/app.pem",
      ENTRA_CLIENT_PRIVATE_KEY_FILE: "/etc/relais/app.key",
    });
    expect(config.tenant).toMatchObject({
      credential: {
        kind: "certificate",
        certificateFile: "/etc/relais/app.pem",
        privateKeyFile: "/etc/relais/app.key",
      },
    });
  });

  it("lists every problem at once", () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        ENTRA_TENANT_ID: "not-a-guid",
        CORS_ORIGINS: "nope",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join("\n");
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(problems).toMatch(/^ENTRA_TENANT_ID: must be a GUID/m);
    expect(problems).toMatch(/^CORS_ORIGINS/m);
  });

  it("requires the client id with the tenant id", () => {
    expect(() => loadConfig({ ENTRA_TENANT_ID: "11111111-2222-3333-4444-555555555555" })).toThrow(
      /ENTRA_CLIENT_ID: is required when ENTRA_TENANT_ID is set/,
    );
  });

  it("stops the process with a readable list and no stack trace", async () => {
    const failure = await run("npx", ["tsx", "api/src/serve.ts"], {
      env: { ...process.env, PORT: "-1", DATABASE_URL: "http://nope" },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toContain("Relais cannot start.");
    expect(failure!.stderr).toMatch(/- PORT: /);
    expect(failure!.stderr).toMatch(/- DATABASE_URL: /);
    expect(failure!.stderr).not.toMatch(/\n\s+at /);
  });
});
