import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import type { Fetch } from "./transport";

/** The last link of the Graph client's chain: sends the request through Relais' transport. */
export class FetchHandler implements Middleware {
  constructor(
    private readonly fetch: Fetch,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === "string" ? context.request : context.request.url;
    context.response = await this.fetch(url, {
      ...(context.options as RequestInit | undefined),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }
}
