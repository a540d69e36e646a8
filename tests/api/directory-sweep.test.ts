import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../api/src/db/client";
import { agents } from "../../api/src/db/schema";
import { sweepAgents } from "../../api/src/modules/directory/sync.repo";
import { createTestDatabase, dbKinds } from "../support/db";

describe.each(dbKinds)("mark-and-sweep on %s", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase(kind);
  });
  afterAll(() => handle.close());

  it("removes the agents a full round did not see, for a tenant past 65,535 agents", async () => {
    const now = new Date();
    await handle.db
      .insert(agents)
      .values(["kept-1", "gone-1", "kept-2"].map((id) => ({ id, syncedAt: now })));
    const seen = [...Array.from({ length: 70_000 }, (_, i) => `agent-${i}`), "kept-1", "kept-2"];
    expect(await sweepAgents(handle.db, seen)).toBe(1);
    const left = await handle.db.select({ id: agents.id }).from(agents);
    expect(left.map((row) => row.id).sort()).toEqual(["kept-1", "kept-2"]);
  });
});
