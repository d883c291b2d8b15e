import { openDatabase } from "~/db/client.server";
import { loadEnv } from "~/env.server";
import { createLogger, setLogger } from "~/utils/logger.server";

/** `npm run db:migrate`: applies pending drizzle-kit migrations to DATABASE_URL or the embedded database. */
const env = loadEnv();
const log = createLogger({ level: env.LOG_LEVEL });
setLogger(log);
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
log.info({ database: handle.kind }, `Migraciones aplicadas (${handle.kind}).`);
await handle.close();
