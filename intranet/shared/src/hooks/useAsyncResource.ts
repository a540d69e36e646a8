import { useCallback, useEffect, useState } from "react";

export type AsyncResource<T> =
  | { status: "loading" }
  | { status: "success"; data: T }
  | { status: "error"; error: unknown };

/**
 * Loads `load` on mount and whenever it changes (memoise it), ignoring stale answers;
 * `reload` starts over, e.g. from a "Try again" button.
 */
export function useAsyncResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
): [AsyncResource<T>, () => void] {
  const [state, setState] = useState<AsyncResource<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger.
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: "success", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", error });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return [state, reload];
}
