import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setDatabase, type DatabaseHandle } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { loadTerritory } from "~/features/territory/territory.server";
import { createTestDatabase } from "./db.ts";

/**
 * Everything a loader or action expects of the process: a fresh migrated
 * database with the territory loaded, registered as the process database, and
 * an environment with a temporary DATA_DIR. Call in beforeAll; `close()` in afterAll.
 */
export async function setupAppContext(): Promise<{ handle: DatabaseHandle; dataDir: string; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-test-"));
  setEnv(loadEnv({ NODE_ENV: "test", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000", AUTH_SECRET: "test-secret-that-is-long-enough-123456" }));
  const handle = await createTestDatabase();
  setDatabase(handle);
  await loadTerritory(handle.db);
  return {
    handle,
    dataDir,
    async close() {
      setDatabase(undefined);
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
