import type { ReactNode } from "react";
import { useHydrated } from "~/utils/use-hydrated";

/**
 * Renders `children()` only in the browser; the server and the first client
 * render show `fallback`, which must work on its own (forms without JS).
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  return useHydrated() ? <>{children()}</> : <>{fallback}</>;
}
