import { z } from "zod";

/** The only reader of process.env: parsed once at start, passed down as a plain object. */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a GUID");

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default("127.0.0.1"),
    PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    DATABASE_URL: optionalString.pipe(
      z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// URL" }).optional(),
    ),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.url({ protocol: /^https?$/, message: "each origin must be an http(s) URL" })),
      ),
    ENTRA_TENANT_ID: optionalString.pipe(guid.optional()),
    ENTRA_CLIENT_ID: optionalString.pipe(guid.optional()),
    ENTRA_API_AUDIENCE: optionalString,
    ENTRA_AUTHORITY_HOST: z
      .url({ protocol: /^https$/ })
      .default("https://login.microsoftonline.com"),
    ENTRA_CLIENT_SECRET: optionalString,
    ENTRA_CLIENT_CERTIFICATE_FILE: optionalString,
    ENTRA_CLIENT_PRIVATE_KEY_FILE: optionalString,
    GRAPH_BASE_URL: z.url({ protocol: /^https$/ }).default("https://graph.microsoft.com"),
    GRAPH_CA_FILE: optionalString,
    DIRECTORY_SYNC: z.enum(["on", "off"]).default("on"),
    DIRECTORY_SYNC_INTERVAL: z.coerce.number().int().min(1).max(60).default(5),
    SANDBOX_HTTPS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.ENTRA_TENANT_ID && !env.ENTRA_CLIENT_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["ENTRA_CLIENT_ID"],
        message: "is required when ENTRA_TENANT_ID is set",
      });
    }
    if (env.ENTRA_TENANT_ID && !env.ENTRA_CLIENT_SECRET && !env.ENTRA_CLIENT_CERTIFICATE_FILE) {
      ctx.addIssue({
        code: "custom",
        path: ["ENTRA_CLIENT_SECRET"],
        message: "or ENTRA_CLIENT_CERTIFICATE_FILE is required in tenant mode (Graph access)",
      });
    }
    if (Boolean(env.ENTRA_CLIENT_CERTIFICATE_FILE) !== Boolean(env.ENTRA_CLIENT_PRIVATE_KEY_FILE)) {
      ctx.addIssue({
        code: "custom",
        path: ["ENTRA_CLIENT_PRIVATE_KEY_FILE"],
        message: "and ENTRA_CLIENT_CERTIFICATE_FILE go together (PEM files)",
      });
    }
    if (env.ENTRA_CLIENT_ID && !env.ENTRA_TENANT_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["ENTRA_TENANT_ID"],
        message: "is required when ENTRA_CLIENT_ID is set",
      });
    }
  });

export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

export type TenantConfig =
  | { mode: "embedded"; sandboxHttpsPort: number }
  | {
      mode: "tenant";
      tenantId: string;
      clientId: string;
      audiences: string[];
      issuer: string;
      jwksUrl: string;
      authorityHost: string;
      graphBaseUrl: string;
      graphCaFile: string | undefined;
      credential:
        | { kind: "secret"; secret: string }
        | { kind: "certificate"; certificateFile: string; privateKeyFile: string };
    };

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  database: DatabaseConfig;
  dataDir: string;
  corsOrigins: string[];
  tenant: TenantConfig;
  directorySync: { enabled: boolean; intervalMinutes: number };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  e.ENTRA_AUTHORITY_HOST = e.ENTRA_AUTHORITY_HOST.replace(/\/+$/, "");
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: `${e.DATA_DIR}/pglite` },
    dataDir: e.DATA_DIR,
    corsOrigins: e.CORS_ORIGINS,
    tenant:
      e.ENTRA_TENANT_ID && e.ENTRA_CLIENT_ID
        ? {
            mode: "tenant",
            tenantId: e.ENTRA_TENANT_ID,
            clientId: e.ENTRA_CLIENT_ID,
            audiences: [e.ENTRA_CLIENT_ID, e.ENTRA_API_AUDIENCE ?? `api://${e.ENTRA_CLIENT_ID}`],
            issuer: `${e.ENTRA_AUTHORITY_HOST}/${e.ENTRA_TENANT_ID}/v2.0`,
            jwksUrl: `${e.ENTRA_AUTHORITY_HOST}/${e.ENTRA_TENANT_ID}/discovery/v2.0/keys`,
            authorityHost: e.ENTRA_AUTHORITY_HOST,
            graphBaseUrl: e.GRAPH_BASE_URL.replace(/\/+$/, ""),
            graphCaFile: e.GRAPH_CA_FILE,
            credential:
              e.ENTRA_CLIENT_CERTIFICATE_FILE && e.ENTRA_CLIENT_PRIVATE_KEY_FILE
                ? {
                    kind: "certificate",
                    certificateFile: e.ENTRA_CLIENT_CERTIFICATE_FILE,
                    privateKeyFile: e.ENTRA_CLIENT_PRIVATE_KEY_FILE,
                  }
                : { kind: "secret", secret: e.ENTRA_CLIENT_SECRET ?? "" },
          }
        : {
            mode: "embedded",
            // A stable port keeps the sandbox issuer (and so signed-in sessions) across restarts.
            sandboxHttpsPort: e.SANDBOX_HTTPS_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 443),
          },
    directorySync: {
      enabled: e.DIRECTORY_SYNC === "on",
      intervalMinutes: e.DIRECTORY_SYNC_INTERVAL,
    },
  };
}
