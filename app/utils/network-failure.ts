import { isRouteErrorResponse } from "@remix-run/react";

/** A failed fetch (no network) as Remix reports it, as opposed to an answer of the portal. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof Error && !isRouteErrorResponse(error) && /failed to fetch|networkerror|load failed|network request failed/i.test(error.message);
}
