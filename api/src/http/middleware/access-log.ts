import { createMiddleware } from "hono/factory";
import type { Clock } from "../../core/clock";
import type { Logger } from "../../core/logger";
import type { AppEnv } from "../env";

/** One structured line per request. The query string and headers are left out: they may carry secrets. */
export function accessLog(logger: Logger, clock: Clock) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = clock.now().getTime();
    await next();
    const status = c.res.status;
    const line = {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: clock.now().getTime() - started,
    };
    if (status >= 500) logger.error(line, "request");
    else logger.info(line, "request");
  });
}
