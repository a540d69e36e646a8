import { useCallback, useSyncExternalStore } from "react";
import type { AuthAccount, AuthAdapter } from "./authAdapter";

/** The adapter's current account, re-rendering on sign-in and sign-out. */
export function useAuthAccount(auth: AuthAdapter): AuthAccount | null {
  const subscribe = useCallback((listener: () => void) => auth.subscribe(listener), [auth]);
  const getSnapshot = useCallback(() => auth.getAccount(), [auth]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
