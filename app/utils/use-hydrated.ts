import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False on the server and while hydrating, true once the page runs in the browser: for parts that
 * exist only there (the live editors). Without setState in an effect: React renders the server
 * snapshot during hydration and the client one right after.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
