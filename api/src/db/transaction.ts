import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx, Transaction } from "./client";

/** Runs `fn` in a transaction, reusing the caller's one when `db` already is a transaction. */
export async function withTransaction<T>(
  db: DbOrTx,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  if (db instanceof PgTransaction) return fn(db as Transaction);
  return db.transaction(fn);
}
