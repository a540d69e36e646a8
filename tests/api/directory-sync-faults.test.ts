import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../api/src/core/errors";
import { createTestApp, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";
import { expectDirectoryEqualsTenant, runSync } from "../support/directory-sync";

const SMALL = { agentCount: 120, pageSize: 20 };

describe.each(dbKinds)("directory sync under Graph faults on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { sandbox: SMALL });
    await runSync(t);
  });
  afterAll(() => t.close());

  it("ends equal to the tenant with zero early retries whatever Graph throws at it", {
    timeout: 180_000,
  }, async () => {
    const control = t.sandbox.graph;
    const users = control.snapshot().users;
    control.updateUser(users[10]!.id, { jobTitle: "Responsable du pôle jeunesse" });
    control.updateUser(users[11]!.id, { mobilePhone: null, officeLocation: "Big Up Spot" });
    control.softDeleteUser(users[12]!.id);
    control.hardDeleteUser(users[13]!.id);
    control.resetRequestLog();

    // 20% of requests throttled or failing, with Retry-After.
    control.configureFaults({
      route: "all",
      rates: { "429": 0.08, "503": 0.06, "504": 0.06 },
      retryAfterSeconds: 1,
    });
    control.queueFault("all", "tokenExpired");
    control.queueFault("users/delta", "reset");

    // The process dies between two pages of a full round: nothing after that page happens.
    await expect(
      runSync(t, {
        full: true,
        onProgress: (progress) => {
          if (progress.phase === "users" && progress.pages === 2) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");

    // Restarted: a full round, which Graph resets mid-way with 410 Gone.
    let goneQueued = false;
    const run = await runSync(t, {
      full: true,
      onProgress: (progress) => {
        if (progress.phase === "users" && progress.pages === 3 && !goneQueued) {
          goneQueued = true;
          control.queueFault("users/delta", "gone");
        }
      },
    });
    control.clearFaults();

    expect(run.outcome).toBe("succeeded");
    expect(run.restartedAsFull).toBe(true);
    expect(run.retries).toBeGreaterThan(0);
    const summary = control.requestSummary();
    expect(summary.faults).toMatchObject({ tokenExpired: 1, reset: 1, gone: 1 });
    expect(
      (summary.faults["429"] ?? 0) + (summary.faults["503"] ?? 0) + (summary.faults["504"] ?? 0),
    ).toBeGreaterThan(0);
    expect(summary.earlyRetries).toBe(0);
    await expectDirectoryEqualsTenant(t);

    // The next incremental round, from the deltaLink of the completed round, changes nothing.
    const after = await runSync(t);
    expect(after).toMatchObject({
      kind: "incremental",
      added: 0,
      updated: 0,
      deactivated: 0,
      removed: 0,
    });
  });

  it("waits out a throttled tenant instead of hammering it", { timeout: 60_000 }, async () => {
    const control = t.sandbox.graph;
    control.updateUser(control.snapshot().users[20]!.id, { department: "Sports" });
    control.resetRequestLog();
    control.queueFault("users/delta", "429", 3);
    const run = await runSync(t);
    expect(run.throttledWaits).toBeGreaterThanOrEqual(3);
    expect(run.throttledMs).toBeGreaterThanOrEqual(2900);
    expect(control.requestSummary().earlyRetries).toBe(0);
    await expectDirectoryEqualsTenant(t);
  });

  it("runs one sync at a time: a second one started meanwhile is refused, not interleaved", async () => {
    const results = await Promise.allSettled([runSync(t), runSync(t)]);
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const reason = (refused[0] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason.code).toBe("conflict");
  });
});
