/**
 * A benchmark worker: a TypeScript file compiled as production compiles the API (one bundle, see
 * scripts/build-api.ts) and run by plain Node in a child process, driven over IPC one request at
 * a time. Its memory is its own: the parent's (sandbox tenant, bookkeeping) is not counted, nor
 * a TypeScript loader that production does not run.
 */
import { type ChildProcess, fork } from "node:child_process";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { buildApiBundle } from "../../scripts/build-api";

/** What a worker answers: its result, or the error that stopped the request. */
export type WorkerReply<T> = { ok: true; value: T } | { ok: false; error: string };

export interface Worker<Request, Reply> {
  /** Resolves once the worker said it is ready, with what it reported then. */
  ready: Promise<unknown>;
  call(request: Request): Promise<Reply>;
  /** Asks the worker to exit, waits for it (and kills it if it does not within 10 s). */
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Compiles a worker beside the API's own bundle (api/dist/bench/). */
function compileWorker(file: URL): Promise<string> {
  const source = fileURLToPath(file);
  const name = basename(source).replace(/\.ts$/, ".js");
  return buildApiBundle(source.slice(repoRoot.length), `api/dist/bench/${name}`);
}

export function startWorker<Request, Reply>(
  file: URL,
  init: unknown,
  options: { env?: Record<string, string | undefined> } = {},
): Worker<Request, Reply> {
  let child: ChildProcess | null = null;
  let exited = false;
  let pending: { resolve(value: unknown): void; reject(error: Error): void } | null = null;
  const fail = (error: Error) => {
    const waiting = pending;
    pending = null;
    waiting?.reject(error);
  };
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      if (exited) {
        reject(new Error(`worker ${file.pathname} is not running`));
        return;
      }
      pending = { resolve: resolve as (value: unknown) => void, reject };
    });

  const ready = next<unknown>();
  compileWorker(file).then(
    (bundle) => {
      const started = fork(bundle, [JSON.stringify(init)], {
        execArgv: ["--enable-source-maps"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        ...(options.env ? { env: options.env } : {}),
      });
      child = started;
      started.on("message", (message) => {
        const reply = message as WorkerReply<unknown>;
        const waiting = pending;
        pending = null;
        if (!waiting) return;
        if (reply.ok) waiting.resolve(reply.value);
        else waiting.reject(new Error(`worker ${file.pathname}: ${reply.error}`));
      });
      started.on("error", (error) => fail(error));
      started.on("exit", (code, signal) => {
        exited = true;
        fail(new Error(`worker ${file.pathname} exited (code ${code}, signal ${signal})`));
      });
    },
    (error: unknown) => {
      exited = true;
      fail(error instanceof Error ? error : new Error(String(error)));
    },
  );

  return {
    ready,
    async call(request) {
      await ready;
      const reply = next<Reply>();
      child?.send(request as object);
      return reply;
    },
    async stop() {
      const running = child;
      if (exited || !running) return;
      const gone = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.send({ op: "exit" });
      const timer = setTimeout(() => running.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
