import type { Clock } from "../../core/clock";

export interface SandboxClock extends Clock {
  /** Moves the sandbox's time forward (delta token ages); the base clock is untouched. */
  advance(ms: number): Date;
}

/**
 * The base clock plus an offset the control API moves. Access tokens are still checked against
 * the base clock: it is the issuer's clock, so time travel here never expires fresh tokens.
 */
export function createSandboxClock(base: Clock): SandboxClock {
  let offsetMs = 0;
  const now = () => new Date(base.now().getTime() + offsetMs);
  return {
    now,
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError("The sandbox clock only moves forward.");
      offsetMs += ms;
      return now();
    },
  };
}
