import { withTransaction } from "../../db/transaction";
import {
  type DeltaPage,
  DeltaStateLost,
  type DirectoryGraph,
  type GraphGroupDelta,
} from "../../integrations/graph/port";
import type { GraphCallStats } from "../../integrations/graph/resilience";
import type { ServiceContext } from "../context";
import { groupSelect, MAX_DELTA_RESTARTS } from "./graph-mapping";
import * as repo from "./sync.repo";

/** Pending membership changes that trigger a write; a full round of 100k agents writes ~50 batches. */
const FLUSH_MEMBERSHIPS = 5_000;

const USER_TYPE = "#microsoft.graph.user";

/**
 * What groups/delta pages said since the last write. Several pages are written together: the
 * round's deltaLink is stored only at its end, so a crash mid-round replays them anyway.
 * Later entries win, for a group as for each membership.
 */
class PendingGroupChanges {
  readonly groups = new Map<string, GraphGroupDelta>();
  /** groupId → agentId → member (true) or removed (false). */
  readonly memberships = new Map<string, Map<string, boolean>>();
  membershipCount = 0;

  add(group: GraphGroupDelta) {
    this.groups.set(group.id, group);
    if (group["@removed"]) return;
    for (const member of group["members@delta"] ?? []) {
      // Nested groups, devices and contacts are not agents.
      if (member["@odata.type"] && member["@odata.type"] !== USER_TYPE) continue;
      let members = this.memberships.get(group.id);
      if (!members) {
        members = new Map();
        this.memberships.set(group.id, members);
      }
      members.set(member.id, !member["@removed"]);
      this.membershipCount += 1;
    }
  }

  /** `fullRound`: the full round's token, stamped on every membership it reports. */
  async write(tx: ServiceContext["db"], now: Date, fullRound: string | null) {
    const kept = [...this.groups.values()].filter((group) => !group["@removed"]);
    const deleted = [...this.groups.values()].filter((group) => group["@removed"]);
    const added: repo.Membership[] = [];
    const removed: repo.Membership[] = [];
    for (const [groupId, members] of this.memberships) {
      for (const [agentId, present] of members)
        (present ? added : removed).push({ groupId, agentId });
    }
    await repo.upsertGroups(tx, kept, now);
    await repo.addGroupMembers(tx, added, fullRound);
    await repo.removeGroupMembers(tx, removed);
    await repo.deleteGroups(
      tx,
      deleted.map((group) => group.id),
    );
  }
}

/**
 * A groups/delta round with `members@delta` (members split across pages, removed members
 * flagged), written in batches; a full round ends with a sweep of what Entra no longer has.
 * Returns how many groups changed.
 */
export async function groupsRound(
  ctx: ServiceContext,
  graph: DirectoryGraph,
  forceFull: boolean,
  stats: GraphCallStats,
): Promise<number> {
  const storedLink = forceFull ? null : await repo.readDeltaLink(ctx.db, "groups");
  let link = storedLink;
  // A full round stamps what it sees with its own token; the sweep at its end removes the rest.
  let fullRound = storedLink === null ? ctx.ids.uuid() : null;
  let seenGroups = new Set<string>();
  let pending = new PendingGroupChanges();
  let changed = new Set<string>();
  let restarts = 0;
  const flush = async () => {
    if (pending.groups.size === 0) return;
    const batch = pending;
    pending = new PendingGroupChanges();
    await withTransaction(ctx.db, (tx) => batch.write(tx, ctx.clock.now(), fullRound));
  };
  for (;;) {
    let page: DeltaPage<GraphGroupDelta>;
    try {
      page = await graph.groupsDelta({
        from: link ? { link } : { select: groupSelect },
        minimal: false,
        stats,
      });
    } catch (error) {
      if (!(error instanceof DeltaStateLost) || restarts >= MAX_DELTA_RESTARTS) throw error;
      restarts += 1;
      ctx.logger.warn({ reason: error.reason }, "groups delta state lost, restarting a full round");
      link = error.restartUrl;
      await flush();
      fullRound = ctx.ids.uuid();
      seenGroups = new Set();
      changed = new Set();
      continue;
    }
    for (const group of page.items) {
      changed.add(group.id);
      pending.add(group);
      if (!group["@removed"]) seenGroups.add(group.id);
    }
    if (pending.membershipCount >= FLUSH_MEMBERSHIPS) await flush();
    if (page.nextLink) {
      link = page.nextLink;
      continue;
    }
    if (!page.deltaLink)
      throw new Error("Graph returned a groups/delta page with neither nextLink nor deltaLink");
    const deltaLink = page.deltaLink;
    await flush();
    const full = fullRound;
    await withTransaction(ctx.db, async (tx) => {
      if (full) await repo.sweepGroups(tx, [...seenGroups], full);
      await repo.saveDeltaLink(tx, "groups", deltaLink, ctx.clock.now());
    });
    return changed.size;
  }
}
