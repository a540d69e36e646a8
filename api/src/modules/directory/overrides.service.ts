import { type ExpectedVersion, matchesExpected } from "../../core/conditional";
import { AppError, notFound } from "../../core/errors";
import { withTransaction } from "../../db/transaction";
import { recordAudit } from "../audit";
import type { ServiceContext } from "../context";
import type { OverrideValues } from "./effective-profile";
import {
  noOverride,
  overrideEtag,
  sameValues,
  toOverrideValues,
  toOverrideView,
  valuesOf,
} from "./override-values";
import {
  agentExists,
  deleteOverride,
  findOverride,
  lockAgent,
  saveOverride,
} from "./overrides.repo";
import { OverrideInputSchema, type OverrideView } from "./overrides.schemas";
import { canSeeHiddenPhones } from "./visibility";

/** The entity tags the caller last read, or "*" to overwrite whatever is there. */

const AUDIT_ENTITY = "agent_override";

export async function getOverride(ctx: ServiceContext, agentId: string): Promise<OverrideView> {
  if (!(await agentExists(ctx.db, agentId))) throw notFound("Agent", { agentId });
  const view = toOverrideView(agentId, await findOverride(ctx.db, agentId));
  if (view.hideMobilePhone && !canSeeHiddenPhones(ctx.actor, agentId)) view.mobilePhone = null;
  return view;
}

export async function putOverride(
  ctx: ServiceContext,
  params: { agentId: string; expected: ExpectedVersion; input: unknown },
): Promise<OverrideView> {
  const parsed = OverrideInputSchema.safeParse(params.input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
      code: issue.code,
    }));
    throw new AppError("validation_failed", "The override is invalid.", details);
  }
  return writeOverride(ctx, params.agentId, params.expected, toOverrideValues(parsed.data));
}

/** Back to Entra's values for every field. */
export async function resetOverride(
  ctx: ServiceContext,
  params: { agentId: string; expected: ExpectedVersion },
): Promise<OverrideView> {
  return writeOverride(ctx, params.agentId, params.expected, noOverride);
}

/**
 * Writing what is already stored is a no-op that succeeds whatever the expected version: an
 * identical retry neither conflicts nor audits twice, and nobody's change is overwritten.
 */
async function writeOverride(
  ctx: ServiceContext,
  agentId: string,
  expected: ExpectedVersion,
  next: OverrideValues,
): Promise<OverrideView> {
  return withTransaction(ctx.db, async (tx) => {
    const txCtx: ServiceContext = { ...ctx, db: tx };
    if (!(await lockAgent(tx, agentId))) throw notFound("Agent", { agentId });
    const current = await findOverride(tx, agentId);
    const before = valuesOf(current);
    if (sameValues(before, next)) return toOverrideView(agentId, current);
    const currentEtag = overrideEtag(current);
    if (!matchesExpected(expected, currentEtag)) {
      throw new AppError(
        "conflict",
        "The override changed since it was read: reload it and apply your change again.",
        { currentEtag },
      );
    }
    const audit = { entity: AUDIT_ENTITY, entityId: agentId, before: current ? before : null };
    if (sameValues(next, noOverride)) {
      await deleteOverride(tx, agentId);
      await recordAudit(txCtx, { ...audit, action: "agent_override.reset", after: null });
      return toOverrideView(agentId, null);
    }
    const row = { agentId, ...next, updatedAt: ctx.clock.now(), updatedBy: ctx.actor?.id ?? null };
    await saveOverride(tx, row);
    const action = current ? "agent_override.updated" : "agent_override.created";
    await recordAudit(txCtx, { ...audit, action, after: next });
    return toOverrideView(agentId, row);
  });
}
