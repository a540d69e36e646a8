import { type Context, Hono } from "hono";
import { parseDeltaRequest, parsePreferences } from "./delta-request";
import { answerDelta } from "./delta-round";
import type { DeltaResource } from "./delta-token";
import { GraphError, graphErrors } from "./errors";
import { graphPipeline } from "./pipeline";
import { graphErrorResponse, graphJson } from "./respond";
import type { GraphEnv, GraphRuntime } from "./runtime";
import { activeUser } from "./state";

const PHOTO_SIZE = "240x240";

function deltaHandler(rt: GraphRuntime, resource: DeltaResource) {
  return (c: Context<GraphEnv>) => {
    const url = new URL(c.req.url);
    const now = rt.clock.now().getTime();
    const request = parseDeltaRequest(url.searchParams, resource, {
      instance: rt.instance,
      now,
      tokenLifetimeMs: rt.settings.tokenLifetimeMs,
    });
    const answer = answerDelta(
      {
        state: rt.state,
        settings: rt.settings,
        instance: rt.instance,
        now,
        origin: url.origin,
        resyncRequired: c.get("call").resyncRequired,
      },
      request,
      parsePreferences(c.req.header("prefer")),
    );
    return graphJson(c, answer.body, 200, answer.headers);
  };
}

function photoOwner(rt: GraphRuntime, idOrUpn: string) {
  const record = activeUser(rt.state, idOrUpn);
  if (!record) throw graphErrors.userNotFound(idOrUpn);
  return record.user;
}

function photoMetadata(rt: GraphRuntime) {
  return (c: Context<GraphEnv>) => {
    const size = c.req.param("size");
    const user = photoOwner(rt, c.req.param("id") ?? "");
    const photo = rt.photos.metadata(user.id);
    if (!photo || (size !== undefined && size.toLowerCase() !== PHOTO_SIZE)) {
      throw graphErrors.imageNotFound();
    }
    const origin = new URL(c.req.url).origin;
    return graphJson(c, {
      "@odata.context": `${origin}/v1.0/$metadata#users('${user.id}')/photo/$entity`,
      "@odata.mediaContentType": photo.contentType,
      "@odata.mediaEtag": photo.etag,
      id: `${photo.width}X${photo.height}`,
      height: photo.height,
      width: photo.width,
    });
  };
}

function photoContent(rt: GraphRuntime) {
  return (c: Context<GraphEnv>) => {
    const size = c.req.param("size");
    const user = photoOwner(rt, c.req.param("id") ?? "");
    const photo = rt.photos.content(user.id);
    if (!photo || (size !== undefined && size.toLowerCase() !== PHOTO_SIZE)) {
      throw graphErrors.imageNotFound();
    }
    return c.body(new Uint8Array(photo.bytes), 200, { "Content-Type": photo.contentType });
  };
}

/** The Graph surface Relais uses, under `/v1.0`. */
export function graphRoutes(rt: GraphRuntime) {
  const app = new Hono<GraphEnv>();
  app.onError((error, c) =>
    graphErrorResponse(
      c,
      error instanceof GraphError ? error : graphErrors.internal(),
      rt.clock.now(),
    ),
  );
  app.use("/v1.0/*", graphPipeline(rt));
  app.get("/v1.0/users/delta", deltaHandler(rt, "users"));
  app.get("/v1.0/groups/delta", deltaHandler(rt, "groups"));
  app.get("/v1.0/users/:id/photo", photoMetadata(rt));
  app.get("/v1.0/users/:id/photo/$value", photoContent(rt));
  app.get("/v1.0/users/:id/photos/:size", photoMetadata(rt));
  app.get("/v1.0/users/:id/photos/:size/$value", photoContent(rt));
  app.all("/v1.0/*", (c) => {
    const segments = c.req.path.split("/").filter(Boolean);
    throw graphErrors.segmentNotFound(segments[segments.length - 1] ?? "v1.0");
  });
  return app;
}
