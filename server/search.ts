import { createSearchClient, setSearch } from "~/search/client.server";
import { startEmbeddedMeilisearch } from "~/search/meili-process.server";
import type { Env } from "~/env.server";
import { isTrue } from "~/env.server";

type Logger = Pick<Console, "info" | "warn" | "error">;
let embedded: { stop(): Promise<void> } | undefined;

/**
 * Connects to MEILI_URL, or starts the embedded Meilisearch. A failure is
 * logged and leaves search in "error": the portal still starts.
 */
export async function startSearch(env: Env, log: Logger) {
  if (isTrue(env.SEARCH_DISABLED)) {
    setSearch({ status: "disabled", reason: "Búsqueda desactivada por configuración" });
    log.info("[búsqueda] desactivada (SEARCH_DISABLED)");
    return;
  }
  try {
    let url = env.MEILI_URL;
    let apiKey = env.MEILI_MASTER_KEY;
    if (!url) {
      const started = await startEmbeddedMeilisearch({ dataDir: env.dataDir, bin: env.MEILI_BIN, logger: log });
      embedded = started;
      url = started.url;
      apiKey = started.masterKey;
      log.info(`[búsqueda] Meilisearch embebido en ${url} (PID ${started.pid})`);
    } else {
      log.info(`[búsqueda] Meilisearch externo en ${url}`);
    }
    setSearch({ status: "ok", client: createSearchClient({ url, apiKey }) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    setSearch({ status: "error", reason });
    log.warn(`[búsqueda] no disponible: ${reason}`);
  }
}

export async function stopSearch(log: Logger) {
  if (!embedded) return;
  await embedded.stop().catch((e) => log.error("[búsqueda] cierre", e));
  embedded = undefined;
}
