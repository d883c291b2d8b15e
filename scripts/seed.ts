import { openDatabase, setDatabase, withStartupLock } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { seedDemoData } from "~/features/seed/seed.server";

/** `npm run seed`: (re)loads the demo data; safe to run again — existing rows are kept. */
const env = loadEnv();
setEnv(env);
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
setDatabase(handle);
try {
  await withStartupLock(handle, "seed", () => seedDemoData(handle.db, { log: console }));
  console.log("Datos de demostración listos.");
} finally {
  await handle.close();
}
