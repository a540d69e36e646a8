import { useEffect, useRef } from "react";

/**
 * Focuses the element when it appears, if `enabled`: after a sign-in or a lost session the view
 * changes under the agent, and screen readers should start from its heading, not from nowhere.
 */
export function useFocusOnMount<T extends HTMLElement>(enabled: boolean) {
  const element = useRef<T>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on mount only, by design.
  useEffect(() => {
    if (enabled) element.current?.focus();
  }, []);
  return element;
}
