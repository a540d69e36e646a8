import type { ApiClient } from "@relais/web-shared";

export const signatureVariants = ["new", "reply", "meeting"] as const;

export type SignatureVariant = (typeof signatureVariants)[number];

export function isSignatureVariant(value: unknown): value is SignatureVariant {
  return typeof value === "string" && (signatureVariants as readonly string[]).includes(value);
}

/** `GET /api/signatures/me`: the signature Relais gives the signed-in agent, and why. */
export interface MySignature {
  agentId: string;
  variant: SignatureVariant;
  language: "fr" | "en";
  html: string;
  text: string;
  characters: number;
  bytes: number;
  etag: string;
  template: { id: string; name: string; versionId: string; number: number };
  rule: { id: string; name: string } | null;
  reason: { fr: string; en: string };
  banner: { campaignId: string; name: string; imageUrl: string; clickUrl: string } | null;
  /** When a banner starts or ends, i.e. when this signature stops being the right one. */
  validUntil: string | null;
  /** Whose signature it is when a From address was sent; absent from older servers. */
  mailbox?: "self" | "mailbox" | "unknown";
}

export interface SignatureQuery {
  variant: SignatureVariant;
  /** The From address (a shared mailbox, a manager's for a delegate), when the host knows it. */
  mailbox: string | null;
}

// Loose on purpose: the API validates; this only keeps obvious non-addresses out of the query.
const emailLike = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function signaturePath(query: SignatureQuery): string {
  const params = new URLSearchParams({ variant: query.variant });
  if (query.mailbox && emailLike.test(query.mailbox)) params.set("mailbox", query.mailbox);
  return `/api/signatures/me?${params.toString()}`;
}

export function fetchMySignature(
  api: ApiClient,
  query: SignatureQuery,
  signal?: AbortSignal,
): Promise<MySignature> {
  return api.get<MySignature>(signaturePath(query), { signal });
}
