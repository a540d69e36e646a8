import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { Principal } from "../../auth";
import type { Clock } from "../../core/clock";
import { AppError } from "../../core/errors";
import type { Database } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import type { AppEnv } from "../env";

type AuthedEnv = AppEnv & { Variables: { principal: Principal } };

const KEY = /^[\x21-\x7e]{1,200}$/;
/** How long a key is remembered: a client retries within minutes, not days. */
const RETENTION_MS = 24 * 3600 * 1000;

/**
 * Honours an optional `Idempotency-Key` header on a create route (after `requireAuth`): the first
 * request runs and its JSON answer is kept; a retry with the same key and the same request gets
 * that answer again (`Idempotent-Replayed: true`) and creates nothing; the same key with another
 * request is refused; a retry while the first is still running gets 409.
 */
/** What a retry needs to act as if it had the first answer: its ETag and where it was created. */
const REPLAYED_HEADERS = ["etag", "location"] as const;

export function idempotency(deps: { db: Database; clock: Clock }) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    if (!KEY.test(key)) {
      throw new AppError(
        "validation_failed",
        "Idempotency-Key must be 1 to 200 visible ASCII characters.",
      );
    }
    const actorId = c.var.principal.id;
    const body = new Uint8Array(await c.req.raw.clone().arrayBuffer());
    const fingerprint = createHash("sha256")
      .update(`${c.req.method} ${new URL(c.req.url).pathname}${new URL(c.req.url).search}\n`)
      .update(body)
      .digest("hex");
    const now = deps.clock.now();
    await deps.db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - RETENTION_MS)));
    const claimed = await deps.db
      .insert(idempotencyKeys)
      .values({ actorId, key, fingerprint, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    const where = and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key));
    if (claimed.length === 0) {
      const [previous] = await deps.db.select().from(idempotencyKeys).where(where);
      if (!previous) return next();
      if (previous.fingerprint !== fingerprint) {
        throw new AppError(
          "validation_failed",
          "This Idempotency-Key was already used for a different request.",
          { reason: "idempotency_key_reused" },
        );
      }
      if (previous.status === null) {
        throw new AppError(
          "conflict",
          "The first request with this Idempotency-Key is still running.",
        );
      }
      c.header("Idempotent-Replayed", "true");
      for (const [name, value] of Object.entries(previous.headers ?? {})) c.header(name, value);
      return c.json(previous.body as object, previous.status as 200);
    }
    try {
      await next();
    } catch (error) {
      await deps.db.delete(idempotencyKeys).where(where);
      throw error;
    }
    const response = c.res;
    const isJson = response.headers.get("content-type")?.includes("application/json");
    if (response.status >= 500 || !isJson) {
      // Nothing worth replaying: let a retry run again.
      await deps.db.delete(idempotencyKeys).where(where);
      return;
    }
    const stored = await response.clone().json();
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    await deps.db
      .update(idempotencyKeys)
      .set({ status: response.status, body: stored, headers })
      .where(where);
  });
}
