/**
 * `npm run search:reindex`: rebuilds the practice indexes from the database
 * (the truth), with a progress bar. Uses MEILI_URL, or starts the embedded
 * Meilisearch on DATA_DIR like the portal does.
 */
import cliProgress from "cli-progress";
import { openDatabase, setDatabase } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { reindexAllPractices } from "~/features/practices/search/reindex.server";
import { getSearch } from "~/search/client.server";
import { createLogger, setLogger } from "~/utils/logger.server";
import { searchStarted, startSearch, stopSearch } from "../server/search.ts";

const env = loadEnv();
setEnv(env);
const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
setDatabase(handle);
const bar = new cliProgress.SingleBar(
  { format: "Reindexando prácticas |{bar}| {percentage}% · {value}/{total}", hideCursor: true, noTTYOutput: true, notTTYSchedule: 2_000 },
  cliProgress.Presets.shades_classic,
);
try {
  await startSearch(env, log);
  await searchStarted();
  const search = getSearch();
  if (search.status !== "ok" || !search.client) throw new Error(`Meilisearch no está disponible: ${search.reason ?? search.status}`);
  let started = false;
  const result = await reindexAllPractices(handle.db, search.client, (done, total) => {
    if (!started) {
      bar.start(total, done);
      started = true;
    } else bar.update(done);
  });
  bar.stop();
  log.info(result, `Listo: ${result.total} prácticas en el índice interno, ${result.published} publicadas en el índice público.`);
} catch (error) {
  bar.stop();
  log.error({ err: error }, `No se pudo reindexar: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopSearch(log);
  await handle.close();
}
