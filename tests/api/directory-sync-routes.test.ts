import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { dbKinds } from "../support/db";
import { runSync } from "../support/directory-sync";

const HELENE = "helene.wamytan@ville-dumbea.nc";

describe.each(dbKinds)("directory sync routes on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { queue: true, sandbox: { agentCount: 60, pageSize: 50 } });
    await runSync(t, { photos: "none" });
  });
  afterAll(() => t.close());

  const asUser = async (upn: string) => ({ authorization: `Bearer ${await t.tokenFor(upn)}` });
  const editorOnly = () =>
    t.sandbox.directory.users.find(
      (u) => u.appRoles.includes("Relais.Editor") && !u.appRoles.includes("Relais.Admin"),
    )!;

  it("lets an Admin queue a sync, and does not queue a retried request twice", async () => {
    const post = async () =>
      t.app.request("/api/directory/sync", {
        method: "POST",
        headers: { ...(await asUser(HELENE)), "content-type": "application/json" },
        body: JSON.stringify({ full: true }),
      });
    const first = await post();
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ queued: true, jobId: expect.any(String) });
    const again = await post();
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ queued: false, jobId: null });
    expect(t.syncRequests.at(-1)).toEqual({ trigger: "manual", full: true });
  });

  it("refuses sync triggers to Editors and agents, and to anonymous callers", async () => {
    const post = (headers: Record<string, string>) =>
      t.app.request("/api/directory/sync", { method: "POST", headers });
    expect((await post(await asUser(editorOnly().userPrincipalName))).status).toBe(403);
    expect((await post(await asUser(t.withRole(null).userPrincipalName))).status).toBe(403);
    expect((await post({})).status).toBe(401);
  });

  it("validates the trigger body", async () => {
    const response = await t.app.request("/api/directory/sync", {
      method: "POST",
      headers: { ...(await asUser(HELENE)), "content-type": "application/json" },
      body: JSON.stringify({ full: "yes" }),
    });
    expect(response.status).toBe(422);
  });

  it("lists runs with their counters to Editors, newest first, and not to agents", async () => {
    await runSync(t, { photos: "none" });
    const response = await t.app.request("/api/directory/sync/runs?limit=5", {
      headers: await asUser(editorOnly().userPrincipalName),
    });
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items[0]).toMatchObject({
      kind: "incremental",
      outcome: "succeeded",
      trigger: "manual",
      requests: expect.any(Number),
    });
    expect(items[1]).toMatchObject({ kind: "full", added: 60 });
    expect(new Date(items[0].startedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(items[1].startedAt).getTime(),
    );
    expect(items[0].durationMs).toBeGreaterThanOrEqual(0);
    const agent = await t.app.request("/api/directory/sync/runs", {
      headers: await asUser(t.withRole(null).userPrincipalName),
    });
    expect(agent.status).toBe(403);
  });

  it("keeps the communication team's overrides across syncs while Entra values move on", async () => {
    const target = t.sandbox.directory.users.find(
      (u) => u.appRoles.length === 0 && u.mobilePhone && u.jobTitle && u.accountEnabled,
    )!;
    const path = `/api/directory/users/${target.id}/override`;
    const current = await t.app.request(path, { headers: await asUser(HELENE) });
    const etag = current.headers.get("etag")!;
    const put = await t.app.request(path, {
      method: "PUT",
      headers: { ...(await asUser(HELENE)), "content-type": "application/json", "if-match": etag },
      body: JSON.stringify({
        jobTitle: "Référente numérique",
        hideMobilePhone: true,
        pronouns: "elle",
      }),
    });
    expect(put.status).toBe(200);

    t.sandbox.graph.updateUser(target.id, {
      jobTitle: "Agente administrative",
      department: "Urbanisme",
    });
    await runSync(t, { photos: "none" });
    await runSync(t, { photos: "none", full: true });

    const detail = await t.app.request(`/api/directory/users/${target.id}`, {
      headers: await asUser(HELENE),
    });
    const body = await detail.json();
    expect(body.entra.jobTitle).toBe("Agente administrative");
    expect(body.entra.department).toBe("Urbanisme");
    expect(body.effective).toMatchObject({
      jobTitle: "Référente numérique",
      department: "Urbanisme",
      pronouns: "elle",
      mobilePhone: null,
    });
  });

  it("answers /api/me from the synced directory", async () => {
    const me = await t.app.request("/api/me", { headers: await asUser(HELENE) });
    expect(await me.json()).toMatchObject({
      displayName: "Hélène Wamytan",
      department: "Communication",
      jobTitle: "Cheffe du service communication",
    });
  });
});
