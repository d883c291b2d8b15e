import { Meilisearch } from "meilisearch";
import { createNodeHttpClient, type NodeHttpClient } from "./http-client.server.ts";

export interface SearchClientOptions {
  url: string;
  /** The master key (embedded) or MEILI_MASTER_KEY; a keyless dev server needs none. */
  apiKey?: string;
  /** Per-request timeout (default 10 s): a hung engine must not hang a page. */
  timeoutMs?: number;
  /** Another node:http client (timeoutMs is then its own); by default one with its own socket pool. */
  httpClient?: NodeHttpClient;
}

export function createSearchClient({ url, apiKey, timeoutMs = 10_000, httpClient }: SearchClientOptions): Meilisearch {
  // No SDK `timeout`: the httpClient enforces it (see NodeHttpClientOptions.requestTimeoutMs).
  return new Meilisearch({ host: url, apiKey, httpClient: httpClient ?? createNodeHttpClient({ requestTimeoutMs: timeoutMs }) });
}

/**
 * "starting": the embedded engine is being started (the portal answers meanwhile); "restarting": it
 * exited and the portal is starting it again. In both, pages search the database instead.
 */
export type SearchStatus = "ok" | "error" | "disabled" | "starting" | "restarting";

export interface SearchState {
  status: SearchStatus;
  client?: Meilisearch;
  /** Why search is in "error" or "disabled" (shown to admins, logged at boot). */
  reason?: string;
}

/* Process-wide, set at boot and by the engine's supervisor (server/search.ts). */
let state: SearchState | undefined;

const NOT_STARTED: SearchState = {
  status: "disabled",
  reason: "La búsqueda no se inició en este proceso / search was not started in this process",
};

export function setSearch(next: SearchState | undefined): void {
  state = next;
}

/** The state set at boot: "ok" means a client is configured, not that the engine is up right now. */
export function getSearch(): SearchState {
  return state ?? NOT_STARTED;
}

/** A live probe for /healthz: asks the engine, bounded by timeoutMs; never throws. */
export async function checkSearchHealth(timeoutMs = 1_500): Promise<SearchStatus> {
  const { status, client } = getSearch();
  if (status === "disabled" || status === "starting" || status === "restarting") return status;
  if (!client) return "error";
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"error">((resolve) => {
    timer = setTimeout(resolve, timeoutMs, "error");
    timer.unref();
  });
  const probe = client.health().then(
    (health) => (health.status === "available" ? ("ok" as const) : ("error" as const)),
    () => "error" as const,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
