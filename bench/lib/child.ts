/**
 * A benchmark worker: a TypeScript file run in a child Node process (through tsx's loader, so
 * the measured process is the worker itself, not an npx/tsx wrapper), driven over IPC one request
 * at a time. Its memory is its own: the parent's (sandbox tenant, bookkeeping) is not counted.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** What a worker answers: its result, or the error that stopped the request. */
export type WorkerReply<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Worker<Request, Reply> {
  /** Resolves once the worker said it is ready, with what it reported then. */
  ready: Promise<unknown>;
  call(request: Request): Promise<Reply>;
  /** Asks the worker to exit, waits for it (and kills it if it does not within 10 s). */
  stop(): Promise<void>;
}

const tsxLoader = import.meta.resolve("tsx");

export function startWorker<Request, Reply>(
  file: URL,
  init: unknown,
  options: { env?: Record<string, string | undefined> } = {},
): Worker<Request, Reply> {
  const child: ChildProcess = fork(fileURLToPath(file), [JSON.stringify(init)], {
    execArgv: ["--import", tsxLoader],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    ...(options.env ? { env: options.env } : {}),
  });
  let exited = false;
  let pending: { resolve(value: unknown): void; reject(error: Error): void } | null = null;
  const fail = (error: Error) => {
    const waiting = pending;
    pending = null;
    waiting?.reject(error);
  };
  child.on("message", (message) => {
    const reply = message as WorkerReply<unknown>;
    const waiting = pending;
    pending = null;
    if (!waiting) return;
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new Error(`worker ${file.pathname}: ${reply.error}`));
  });
  child.on("error", (error) => fail(error));
  child.on("exit", (code, signal) => {
    exited = true;
    fail(new Error(`worker ${file.pathname} exited (code ${code}, signal ${signal})`));
  });

  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      if (exited) {
        reject(new Error(`worker ${file.pathname} is not running`));
        return;
      }
      pending = { resolve: resolve as (value: unknown) => void, reject };
    });

  const ready = next<unknown>();
  return {
    ready,
    async call(request) {
      await ready;
      const reply = next<Reply>();
      child.send(request as object);
      return reply;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ op: "exit" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

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
