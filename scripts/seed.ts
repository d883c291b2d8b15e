import { openDatabase, setDatabase, withStartupLock } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { seedDemoData } from "~/features/seed/seed.server";
import { createLogger, setLogger } from "~/utils/logger.server";

/** `npm run seed`: (re)loads the demo data; safe to run again — existing rows are kept. */
const env = loadEnv();
setEnv(env);
const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
setDatabase(handle);
try {
  await withStartupLock(handle, "seed", () => seedDemoData(handle.db, { log }), log);
  log.info("Datos de demostración listos.");
} finally {
  await handle.close();
}
