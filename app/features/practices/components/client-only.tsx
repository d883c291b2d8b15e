import { useSyncExternalStore, type ReactNode } from "react";

const subscribe = () => () => {};

/** True once React runs in the browser (false during SSR and the hydration pass). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * Renders `children()` only in the browser; the server and the first client
 * render show `fallback`, which must work on its own (forms without JS).
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  return useHydrated() ? <>{children()}</> : <>{fallback}</>;
}
