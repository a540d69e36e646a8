import { sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { type Clock, realTimer, type Timer } from "../../core/clock";
import { CodedBody } from "../../core/coded-body";
import type { Logger } from "../../core/logger";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/migrate";
import {
  nextTransition,
  noumeaDay,
  parseNoumeaLocal,
  recordImpressions,
  type Variant,
} from "../campaigns";
import type { ServiceContext } from "../context";
import { mailboxOwner } from "../directory";
import { type AssignmentIndex, indexAssignments } from "./assignments.service";
import { loadCatalog, type RenderedSignature, renderSignature } from "./render.service";

/**
 * Impressions are written in batches, every 5 s (sooner past 50,000): one row per banner and day
 * takes every signature served; a crash loses at most that window.
 */
const FLUSH_EVERY_MS = 5_000;
const FLUSH_AT_COUNT = 50_000;
const textEncoder = new TextEncoder();

export interface SignatureServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  /**
   * How long a read of the signature generation is trusted (default 200 ms): under load, one
   * query serves every request of that window, at the price of changes showing that much later.
   */
  generationFreshnessMs?: number;
  timer?: Timer;
}

/**
 * Serves agents' own signatures (the add-in's call, on every compose) from a cache of rendered
 * signatures. An entry is right while the database's signature generation (a sequence every
 * write to the directory, brand kit, assets, rules, templates or campaigns moves, by trigger) is
 * unchanged and its banner window and rotation day last: one cheap read per request tells any
 * replica whether to render again.
 */
export function createSignatureService(deps: SignatureServiceDeps) {
  const cache = new LRUCache<string, CachedSignature>({ max: 5_000 });
  // Mailbox address → its owner in the directory, as of a generation (directory writes move it).
  const owners = new LRUCache<string, { generation: string; agentId: string | null }>({
    max: 10_000,
  });
  const impressions = new Map<string, number>();
  let pending = 0;
  let lastFlush = deps.clock.now().getTime();
  let flushing: Promise<void> | null = null;

  const timer = deps.timer ?? realTimer;
  const freshness = deps.generationFreshnessMs ?? 200;
  let known: { value: string; readAt: number } | null = null;
  let reading: Promise<string> | null = null;

  /** The current generation; concurrent callers share one query, reused for `freshness` ms. */
  function generation(): Promise<string> {
    if (known && timer.now() - known.readAt < freshness) return Promise.resolve(known.value);
    if (reading) return reading;
    const startedAt = timer.now();
    reading = deps.db
      .execute(sql`select last_value::text as value, is_called from signature_generation`)
      .then((result) => {
        const [row] = rowsOf<{ value: string; is_called: boolean }>(result);
        const value = row ? `${row.value}:${row.is_called}` : "0";
        known = { value, readAt: startedAt };
        return value;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  }

  /** When something computed at `at` stops being right by itself: banner edge or next day. */
  function expiryOf(validUntil: string | null, at: Date): number {
    const [year, month, day] = noumeaDay(at).split("-").map(Number) as [number, number, number];
    const tomorrow = new Date(Date.UTC(year, month - 1, day + 1));
    const midnight = parseNoumeaLocal(`${tomorrow.toISOString().slice(0, 10)}T00:00`).getTime();
    const edge = validUntil ? Date.parse(validUntil) : Number.POSITIVE_INFINITY;
    return Math.min(midnight, edge);
  }

  function countImpression(entry: CachedSignature, at: Date) {
    if (!entry.impressionKey) return;
    const key = entry.impressionKey;
    impressions.set(key, (impressions.get(key) ?? 0) + 1);
    pending += 1;
    if (pending >= FLUSH_AT_COUNT || at.getTime() - lastFlush >= FLUSH_EVERY_MS) {
      void flushImpressions().catch((error) =>
        deps.logger.error({ err: error }, "banner impressions could not be recorded"),
      );
    }
  }

  /** Writes the counted impressions (also called on shutdown). */
  async function flushImpressions(): Promise<void> {
    if (flushing) return flushing;
    if (impressions.size === 0) return;
    const counts = [...impressions].map(([key, count]) => {
      const [campaignId = "", day = ""] = key.split("|");
      return { campaignId, day, count };
    });
    impressions.clear();
    pending = 0;
    lastFlush = deps.clock.now().getTime();
    flushing = recordImpressions(deps.db, counts)
      .catch((error) => {
        // Put them back: the next flush tries again.
        for (const { campaignId, day, count } of counts) {
          const key = `${campaignId}|${day}`;
          impressions.set(key, (impressions.get(key) ?? 0) + count);
        }
        throw error;
      })
      .finally(() => {
        flushing = null;
      });
    return flushing;
  }

  /**
   * Whose signature goes on a message sent from `mailbox`: the shared mailbox's or the
   * delegator's when the directory knows the address, else the sender's own.
   */
  async function signerOf(
    ctx: ServiceContext,
    callerId: string,
    mailbox: string | undefined,
    current: string,
  ): Promise<{ agentId: string; match: MailboxMatch }> {
    if (mailbox === undefined) return { agentId: callerId, match: "self" };
    const address = mailbox.trim().toLowerCase();
    let owner = owners.get(address);
    if (!owner || owner.generation !== current) {
      owner = { generation: current, agentId: await mailboxOwner(ctx, address) };
      owners.set(address, owner);
    }
    if (owner.agentId === null) return { agentId: callerId, match: "unknown" };
    return { agentId: owner.agentId, match: owner.agentId === callerId ? "self" : "mailbox" };
  }

  /** The caller's signature, or that of the mailbox they send from (see `signerOf`). */
  async function mine(
    ctx: ServiceContext,
    callerId: string,
    variant: Variant,
    mailbox?: string,
  ): Promise<MySignature> {
    const at = ctx.clock.now();
    const current = await generation();
    const { agentId, match } = await signerOf(ctx, callerId, mailbox, current);
    const key = `${agentId}|${variant}`;
    let entry = cache.get(key);
    if (!entry || entry.generation !== current || at.getTime() >= entry.expiresAt) {
      const rendered = await renderSignature(ctx, deps, agentId, { variant, at });
      entry = {
        generation: current,
        // Never later than the next midnight in Nouméa: the day of its impressions holds.
        expiresAt: expiryOf(rendered.validUntil, at),
        rendered,
        impressionKey: rendered.banner ? `${rendered.banner.campaignId}|${noumeaDay(at)}` : null,
        body: {},
      };
      cache.set(key, entry);
    }
    countImpression(entry, at);
    const cached = entry;
    return {
      signature: { ...cached.rendered, mailbox: match },
      // Serialised, encoded and compressed once per entry and mailbox answer: the add-in asks
      // on every compose, and sending the same bytes costs less than making them again.
      body: () => {
        cached.body[match] ??= new CodedBody(
          textEncoder.encode(JSON.stringify({ ...cached.rendered, mailbox: match })),
        );
        return cached.body[match];
      },
    };
  }

  // "Who gets what" resolves the whole directory: kept while its inputs and banners hold.
  let index: { generation: string; expiresAt: number; value: Promise<AssignmentIndex> } | null =
    null;

  /** The assignments index at `at` (now, as the listing asks), computed once per generation. */
  async function assignments(ctx: ServiceContext, at: Date): Promise<AssignmentIndex> {
    const current = await generation();
    if (index && index.generation === current && at.getTime() < index.expiresAt) {
      return index.value;
    }
    const loading = async (): Promise<AssignmentIndex> => {
      const catalog = await loadCatalog(ctx, deps.publicUrl);
      const value = await indexAssignments(ctx, catalog, at);
      const edge = nextTransition(catalog.campaigns, at);
      entry.expiresAt = expiryOf(edge ? edge.toISOString() : null, at);
      return value;
    };
    // Concurrent requests share the computation; a failure is not kept.
    const entry = {
      generation: current,
      expiresAt: Number.POSITIVE_INFINITY,
      value: Promise.resolve<AssignmentIndex>([]),
    };
    entry.value = loading();
    index = entry;
    entry.value.catch(() => {
      if (index === entry) index = null;
    });
    return entry.value;
  }

  return { mine, assignments, flushImpressions };
}

interface CachedSignature {
  generation: string;
  expiresAt: number;
  rendered: RenderedSignature;
  /** Banner and day its impressions count for (`campaignId|YYYY-MM-DD`), when it has a banner. */
  impressionKey: string | null;
  body: Partial<Record<MailboxMatch, CodedBody>>;
}

/** The signature with whose it is, and its JSON as the API sends it (UTF-8, and compressed). */
export interface MySignature {
  signature: RenderedSignature & { mailbox: MailboxMatch };
  body(): CodedBody;
}

/** self: the caller's own; mailbox: the shared or delegated mailbox's; unknown: caller's own. */
export type MailboxMatch = "self" | "mailbox" | "unknown";

export type SignatureService = ReturnType<typeof createSignatureService>;
