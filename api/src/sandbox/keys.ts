import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from "jose";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** The sandbox issuer's RSA keys: the newest signs, the previous one stays published. */
export interface SigningKeyStore {
  current(): SigningKey;
  published(): SigningKey[];
  rotate(): Promise<SigningKey>;
}

async function newKey(): Promise<{ key: SigningKey; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid };
  return {
    key: { kid, privateKey, publicJwk: { ...publicJwk, kid, use: "sig", alg: "RS256" } },
    privateJwk,
  };
}

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK(jwk, "RS256")) as CryptoKey;
  const { n, e, kty } = jwk;
  const publicJwk: JWK = { kty, n, e };
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, use: "sig", alg: "RS256" } };
}

/**
 * Keys kept in `file` (a JSON array of private JWKs) when given, so tokens survive a restart of
 * the embedded product; in memory otherwise (tests).
 */
export async function createSigningKeyStore(file?: string): Promise<SigningKeyStore> {
  let keys: SigningKey[] = [];
  let privateJwks: JWK[] = [];
  if (file && existsSync(file)) {
    privateJwks = JSON.parse(readFileSync(file, "utf8")) as JWK[];
    keys = await Promise.all(privateJwks.map(fromPrivateJwk));
  }
  const save = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwks), { mode: 0o600 });
  };
  const rotate = async () => {
    const { key, privateJwk } = await newKey();
    keys = [key, ...keys].slice(0, 2);
    privateJwks = [privateJwk, ...privateJwks].slice(0, 2);
    save();
    return key;
  };
  if (keys.length === 0) await rotate();
  return {
    current: () => keys[0] as SigningKey,
    published: () => [...keys],
    rotate,
  };
}
