import type { webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { dirname } from "node:path";
import { systemClock } from "../core/clock";

/** A local certificate authority and a server certificate it signed, all PEM. */
export interface SandboxTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface StoredTls extends SandboxTls {
  hostnames: string[];
  notAfter: string;
}

type X509 = typeof import("@peculiar/x509");

const VALIDITY_MS = 365 * 24 * 3600 * 1000;
/** A certificate this close to expiry is replaced rather than reused. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const EC_KEY = { name: "ECDSA", namedCurve: "P-256" } as const;
const EC_SIGNATURE = { name: "ECDSA", hash: "SHA-256" } as const;

async function loadX509(): Promise<X509> {
  // @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(globalThis.crypto);
  return x509;
}

function randomSerial(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive INTEGER
  return Buffer.from(bytes).toString("hex");
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey("pkcs8", key));
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

async function generate(hostnames: string[], now: Date): Promise<StoredTls> {
  const x509 = await loadX509();
  const subtle = globalThis.crypto.subtle;
  const notBefore = new Date(now.getTime() - 3600 * 1000);
  const notAfter = new Date(now.getTime() + VALIDITY_MS);

  const caKeys = await subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: "CN=Relais Sandbox Local CA, O=Relais sandbox",
    notBefore,
    notAfter,
    signingAlgorithm: EC_SIGNATURE,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const leafKeys = await subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
  const names = hostnames.map((name) => ({
    type: isIP(name) ? ("ip" as const) : ("dns" as const),
    value: name,
  }));
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${hostnames[0] ?? "localhost"}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: EC_SIGNATURE,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  return {
    caPem: ca.toString("pem"),
    certPem: leaf.toString("pem"),
    keyPem: await privateKeyPem(leafKeys.privateKey),
    hostnames: [...hostnames],
    notAfter: notAfter.toISOString(),
  };
}

function reusable(stored: StoredTls, hostnames: string[], now: Date): boolean {
  const expires = Date.parse(stored.notAfter);
  return (
    Number.isFinite(expires) &&
    expires - now.getTime() > RENEW_BEFORE_MS &&
    hostnames.every((name) => stored.hostnames.includes(name))
  );
}

function readStored(file: string): StoredTls | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<StoredTls>;
    const { caPem, certPem, keyPem, hostnames, notAfter } = parsed;
    if (!caPem || !certPem || !keyPem || !Array.isArray(hostnames) || !notAfter) return null;
    return { caPem, certPem, keyPem, hostnames, notAfter };
  } catch {
    return null;
  }
}

/**
 * A locally generated CA and a server certificate for `hostnames` (DNS names or IP addresses),
 * valid for a year. Kept in `file` (mode 0600) when given and reused while it is still valid
 * for the same names, so a client that trusted the CA once keeps trusting it.
 */
export async function createSandboxCertificates(options: {
  hostnames: string[];
  file?: string;
}): Promise<SandboxTls> {
  if (options.hostnames.length === 0) throw new RangeError("hostnames must not be empty");
  // Certificate validity is checked by TLS clients against real time, never a test clock.
  const now = systemClock.now();
  const stored = options.file ? readStored(options.file) : null;
  if (stored && reusable(stored, options.hostnames, now)) {
    return { caPem: stored.caPem, certPem: stored.certPem, keyPem: stored.keyPem };
  }
  const created = await generate(options.hostnames, now);
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    writeFileSync(options.file, JSON.stringify(created), { mode: 0o600 });
  }
  return { caPem: created.caPem, certPem: created.certPem, keyPem: created.keyPem };
}
