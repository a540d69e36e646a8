import type { Clock } from "../../core/clock";
import { controlInvalid } from "./control-error";

export interface ThrottleConfig {
  /** Requests an app may send per window before it is throttled. */
  limit: number;
  windowSeconds: number;
  /** How long a throttled app must wait (the Retry-After it is given). */
  retryAfterSeconds: number;
}

export type ThrottleVerdict =
  | { throttled: false }
  | { throttled: true; retryAfterSeconds: number; earlyRetry: boolean };

interface AppBudget {
  windowStart: number;
  count: number;
  blockedUntil: number;
}

/** Generous enough that a normal sync of a large tenant is never throttled. */
export const DEFAULT_THROTTLE: ThrottleConfig = {
  limit: 50_000,
  windowSeconds: 10,
  retryAfterSeconds: 2,
};

/** A request budget per application (token `azp`/`appid`) over fixed windows of real time. */
export function createThrottle(realClock: Clock) {
  let config: ThrottleConfig = { ...DEFAULT_THROTTLE };
  const budgets = new Map<string, AppBudget>();

  const budgetOf = (appId: string, now: number): AppBudget => {
    let budget = budgets.get(appId);
    if (!budget) {
      budget = { windowStart: now, count: 0, blockedUntil: 0 };
      budgets.set(appId, budget);
    }
    return budget;
  };

  const block = (appId: string, retryAfterSeconds: number): void => {
    const now = realClock.now().getTime();
    const budget = budgetOf(appId, now);
    budget.blockedUntil = Math.max(budget.blockedUntil, now + retryAfterSeconds * 1000);
  };

  return {
    configure(next: Partial<ThrottleConfig>): ThrottleConfig {
      const merged = { ...config, ...next };
      for (const [name, value] of Object.entries(merged)) {
        if (!Number.isInteger(value) || value < 1) {
          throw controlInvalid(`Throttling ${name} must be a positive integer.`);
        }
      }
      config = merged;
      budgets.clear();
      return { ...config };
    },
    config: (): ThrottleConfig => ({ ...config }),
    /** Throttled apps are turned away until Retry-After has elapsed; each such try is early. */
    check(appId: string): ThrottleVerdict {
      const now = realClock.now().getTime();
      const budget = budgetOf(appId, now);
      if (budget.blockedUntil > now) {
        const retryAfterSeconds = Math.max(1, Math.ceil((budget.blockedUntil - now) / 1000));
        return { throttled: true, retryAfterSeconds, earlyRetry: true };
      }
      if (budget.blockedUntil !== 0 || now - budget.windowStart >= config.windowSeconds * 1000) {
        budget.windowStart = now;
        budget.count = 0;
        budget.blockedUntil = 0;
      }
      budget.count += 1;
      if (budget.count <= config.limit) return { throttled: false };
      block(appId, config.retryAfterSeconds);
      return { throttled: true, retryAfterSeconds: config.retryAfterSeconds, earlyRetry: false };
    },
    /** An injected 429 throttles the app just as an exhausted budget does. */
    block,
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
