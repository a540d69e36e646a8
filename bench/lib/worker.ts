/** The worker side of bench/lib/child.ts, apart so that workers do not bundle the compiler. */
import type { WorkerReply } from "./child";

/** The worker's side: reads its init from argv, answers each request with `handle`. */
export function serveWorker<Init, Request extends object, Reply>(
  setup: (init: Init) => Promise<{
    ready: unknown;
    handle(request: Request): Promise<Reply>;
    close(): Promise<void>;
  }>,
): void {
  const send = (reply: WorkerReply<unknown>) =>
    new Promise<void>((resolve) => process.send?.(reply, () => resolve()));
  const describe = (error: unknown) =>
    error instanceof Error ? (error.stack ?? error.message) : String(error);
  const init = JSON.parse(process.argv[2] ?? "{}") as Init;
  setup(init).then(
    async (worker) => {
      let queue = Promise.resolve();
      process.on("message", (message: Request | { op: "exit" }) => {
        queue = queue.then(async () => {
          if ("op" in message && message.op === "exit") {
            await worker.close();
            process.disconnect();
            process.exit(0);
          }
          try {
            await send({ ok: true, value: await worker.handle(message as Request) });
          } catch (error) {
            await send({ ok: false, error: describe(error) });
          }
        });
      });
      await send({ ok: true, value: worker.ready });
    },
    async (error: unknown) => {
      await send({ ok: false, error: describe(error) });
      process.exit(1);
    },
  );
}
