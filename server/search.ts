import type { Meilisearch } from "meilisearch";
import { createSearchClient, setSearch } from "~/search/client.server";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "~/search/meili-process.server";
import type { Env } from "~/env.server";
import { isTrue } from "~/env.server";
import type { Log } from "~/utils/logger.server";

export interface SearchSupervision {
  /** The embedded engine answers: after its start, and again after each restart (jobs that feed it catch up now). */
  onAvailable?(): Promise<void> | void;
  /** Delays between restart attempts (default 0.5 s doubling to 30 s); tests shorten them. */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));

let supervisor: Promise<{ stop(): Promise<void> } | undefined> | undefined;

/**
 * Connects to MEILI_URL, or starts the embedded Meilisearch in the background
 * (search is "starting" until it answers: the portal does not wait for it) and
 * supervises it: if it exits, search is "restarting" (pages fall back to the
 * database, /healthz says so) and it is started again with backoff on the same
 * port and data. `onAvailable` runs each time it answers. A failure at boot is
 * logged and leaves search in "error": the portal runs without it.
 */
export async function startSearch(env: Env, log: Log, supervision: SearchSupervision = {}) {
  if (isTrue(env.SEARCH_DISABLED)) {
    setSearch({ status: "disabled", reason: "Búsqueda desactivada por configuración" });
    log.info("[búsqueda] desactivada (SEARCH_DISABLED)");
    return;
  }
  try {
    if (env.MEILI_URL) {
      log.info(`[búsqueda] Meilisearch externo en ${env.MEILI_URL}`);
      setSearch({ status: "ok", client: createSearchClient({ url: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY }) });
      return;
    }
  } catch (error) {
    return searchFailed(log, error);
  }
  setSearch({ status: "starting", reason: "Meilisearch está iniciando" });
  supervisor = startEmbeddedMeilisearch({ dataDir: env.dataDir, bin: env.MEILI_BIN, logger: log }).then(
    async (first) => {
      log.info(`[búsqueda] Meilisearch embebido en ${first.url} (PID ${first.pid})`);
      const supervised = superviseEmbedded(env, log, first, supervision);
      await Promise.resolve(supervision.onAvailable?.()).catch((error: unknown) => log.error({ err: error }, "[búsqueda] la puesta al día falló"));
      return supervised;
    },
    (error: unknown) => {
      searchFailed(log, error);
      return undefined;
    },
  );
}

function searchFailed(log: Log, error: unknown) {
  const reason = error instanceof Error ? error.message : String(error);
  setSearch({ status: "error", reason });
  log.warn(`[búsqueda] no disponible: ${reason}`);
}

/** Resolves once the embedded engine has started (or failed to): tests and tools that need it up. */
export async function searchStarted(): Promise<void> {
  await supervisor;
}

function superviseEmbedded(env: Env, log: Log, first: EmbeddedMeilisearch, supervision: SearchSupervision) {
  const backoff = supervision.backoffMs ?? defaultBackoff;
  let engine = first;
  let client: Meilisearch = createSearchClient({ url: first.url, apiKey: first.masterKey });
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  setSearch({ status: "ok", client });

  const watch = (current: EmbeddedMeilisearch) => {
    void current.exited.then(async ({ code, signal, expected }) => {
      if (expected || stopped) return;
      setSearch({ status: "restarting", reason: `Meilisearch terminó (código ${code}, señal ${signal}); se reinicia` });
      const port = Number(new URL(current.url).port);
      for (let attempt = 1; !stopped; attempt += 1) {
        const delay = backoff(attempt);
        log.warn(`[búsqueda] Meilisearch se reinicia en ${delay} ms (intento ${attempt})`);
        await new Promise<void>((resolve) => {
          wakeUp = resolve;
          setTimeout(resolve, delay).unref();
        });
        if (stopped) return;
        try {
          // Same port first: the client (and the index settings applied through it) stay valid.
          engine = await startEmbeddedMeilisearch({ dataDir: env.dataDir, bin: env.MEILI_BIN, logger: log, port: attempt <= 2 ? port : undefined });
        } catch (error) {
          log.error({ err: error }, `[búsqueda] Meilisearch no pudo reiniciarse (intento ${attempt})`);
          continue;
        }
        if (stopped) {
          await engine.stop();
          return;
        }
        if (engine.url !== current.url) client = createSearchClient({ url: engine.url, apiKey: engine.masterKey });
        setSearch({ status: "ok", client });
        log.info(`[búsqueda] Meilisearch de vuelta en ${engine.url} (PID ${engine.pid})`);
        watch(engine);
        await Promise.resolve(supervision.onAvailable?.()).catch((error: unknown) => log.error({ err: error }, "[búsqueda] la puesta al día falló"));
        return;
      }
    });
  };
  watch(first);

  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await engine.stop();
    },
  };
}

export async function stopSearch(log: Log) {
  if (!supervisor) return;
  const running = await supervisor;
  supervisor = undefined;
  await running?.stop().catch((e: unknown) => log.error({ err: e }, "[búsqueda] cierre"));
}
