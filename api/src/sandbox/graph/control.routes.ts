import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { SandboxGraphControl } from "./control";
import {
  AdvanceClockSchema,
  DeltaOptionsSchema,
  FaultConfigSchema,
  GroupPatchSchema,
  ManagerSchema,
  MemberSchema,
  NewGroupSchema,
  NewUserSchema,
  PageSizeSchema,
  QueueFaultSchema,
  RegeneratePhotoSchema,
  ResyncSchema,
  ThrottleSchema,
  UserPatchSchema,
} from "./control.schemas";
import { SandboxControlError } from "./control-error";

const DAY_MS = 24 * 3600 * 1000;

class InvalidBody extends Error {
  readonly issues: unknown;
  constructor(message: string, issues?: unknown) {
    super(message);
    this.issues = issues;
  }
}

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new InvalidBody("The request body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InvalidBody("The request body is invalid.", parsed.error.issues);
  return parsed.data;
}

function controlError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  issues?: unknown,
) {
  return c.json({ error: { code, message, ...(issues === undefined ? {} : { issues }) } }, status);
}

/**
 * JSON control of the sandbox tenant for tests and demos, mounted at `/_sandbox/graph`. It has
 * no authentication: it exists only in the sandbox.
 */
export function controlRoutes(control: SandboxGraphControl) {
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof InvalidBody)
      return controlError(c, 400, "invalid", error.message, error.issues);
    if (error instanceof SandboxControlError) {
      return controlError(c, error.kind === "not_found" ? 404 : 400, error.kind, error.message);
    }
    if (error instanceof RangeError) return controlError(c, 400, "invalid", error.message);
    throw error;
  });
  const done = (c: Context) => c.body(null, 204);

  app.get("/snapshot", (c) => c.json(control.snapshot()));
  app.get("/settings", (c) => c.json(control.settings()));

  app.post("/users", async (c) => c.json(control.createUser(await body(c, NewUserSchema)), 201));
  app.patch("/users/:id", async (c) =>
    c.json(control.updateUser(c.req.param("id"), await body(c, UserPatchSchema))),
  );
  app.delete("/users/:id", (c) => {
    control.softDeleteUser(c.req.param("id"));
    return done(c);
  });
  app.post("/deleted-users/:id/restore", (c) => {
    control.restoreUser(c.req.param("id"));
    return done(c);
  });
  app.delete("/deleted-users/:id", (c) => {
    control.hardDeleteUser(c.req.param("id"));
    return done(c);
  });
  app.put("/users/:id/manager", async (c) => {
    control.setManager(c.req.param("id"), (await body(c, ManagerSchema)).managerId);
    return done(c);
  });
  app.put("/users/:id/photo", async (c) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    const id = c.req.param("id");
    if (type === "image/png" || type === "image/jpeg") {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json({ etag: control.setPhoto(id, { bytes, contentType: type }) });
    }
    return c.json({ etag: control.setPhoto(id, await body(c, RegeneratePhotoSchema)) });
  });
  app.delete("/users/:id/photo", (c) => {
    control.clearPhoto(c.req.param("id"));
    return done(c);
  });

  app.post("/groups", async (c) => c.json(control.createGroup(await body(c, NewGroupSchema)), 201));
  app.patch("/groups/:id", async (c) => {
    control.updateGroup(c.req.param("id"), await body(c, GroupPatchSchema));
    return done(c);
  });
  app.post("/groups/:id/members", async (c) => {
    control.addGroupMember(c.req.param("id"), (await body(c, MemberSchema)).userId);
    return done(c);
  });
  app.delete("/groups/:id/members/:userId", (c) => {
    control.removeGroupMember(c.req.param("id"), c.req.param("userId"));
    return done(c);
  });

  app.get("/clock", (c) => c.json({ now: control.now().toISOString() }));
  app.post("/clock/advance", async (c) => {
    const { ms = 0, days = 0 } = await body(c, AdvanceClockSchema);
    return c.json({ now: control.advanceClock(ms + days * DAY_MS).toISOString() });
  });
  app.put("/page-size", async (c) => c.json(control.setPageSize(await body(c, PageSizeSchema))));
  app.put("/delta-options", async (c) =>
    c.json(control.setDeltaOptions(await body(c, DeltaOptionsSchema))),
  );
  app.post("/resync", async (c) => {
    control.forceResync((await body(c, ResyncSchema)).route);
    return done(c);
  });

  app.put("/faults", async (c) => {
    control.configureFaults(await body(c, FaultConfigSchema));
    return done(c);
  });
  app.post("/faults/queue", async (c) => {
    const { route, kind, count } = await body(c, QueueFaultSchema);
    control.queueFault(route, kind, count);
    return done(c);
  });
  app.delete("/faults", (c) => {
    control.clearFaults();
    return done(c);
  });
  app.put("/throttling", async (c) =>
    c.json(control.configureThrottling(await body(c, ThrottleSchema))),
  );

  app.get("/requests", (c) => c.json({ entries: control.requestLog() }));
  app.get("/requests/summary", (c) => c.json(control.requestSummary()));
  app.delete("/requests", (c) => {
    control.resetRequestLog();
    return done(c);
  });
  return app;
}
