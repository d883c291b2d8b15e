import { openDatabase } from "~/db/client.server";
import { loadEnv } from "~/env.server";

/** `npm run db:migrate`: applies pending drizzle-kit migrations to DATABASE_URL or the embedded database. */
const env = loadEnv();
const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
console.log(`Migraciones aplicadas (${handle.kind}).`);
await handle.close();
