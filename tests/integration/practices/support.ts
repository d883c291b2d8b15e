/**
 * Shared setup for the practice tests: a migrated database (app context), a
 * real embedded Meilisearch on a random port and a temporary directory, the
 * demo library imported through the same path as the portal, and a helper
 * that drains the index outbox like the background job does.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database } from "~/db/client.server";
import { syncPracticeSearch } from "~/features/practices/jobs.server";
import { importPracticeText } from "~/features/practices/import.server";
import { DEMO_PRACTICES_DIR, SYSTEM_AUTHOR } from "~/features/practices/seed.server";
import { seedPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { createSearchClient, setSearch } from "~/search/client.server";
import { startEmbeddedMeilisearch, type EmbeddedMeilisearch } from "~/search/meili-process.server";
import { setupAppContext } from "../../setup/app-context";

const quietLogger = { info() {}, warn() {}, error() {} };

export async function startSearchEngine(dataDir: string): Promise<EmbeddedMeilisearch> {
  const engine = await startEmbeddedMeilisearch({ dataDir, logger: quietLogger });
  setSearch({ status: "ok", client: createSearchClient({ url: engine.url, apiKey: engine.masterKey }) });
  return engine;
}

/** Runs the sync job until the outbox is empty (or a pass fails). */
export async function drainOutbox() {
  return syncPracticeSearch();
}

export async function importDemoLibrary(db: Database, ownerOrganizationId: string | null) {
  await seedPracticeTaxonomies(db);
  const files = fs.readdirSync(DEMO_PRACTICES_DIR).filter((f) => f.endsWith(".md")).sort();
  for (const file of files) {
    const text = fs.readFileSync(path.join(DEMO_PRACTICES_DIR, file), "utf8");
    await importPracticeText(db, SYSTEM_AUTHOR, { organizationId: ownerOrganizationId, organizationKind: "nivel_central", regionCode: null }, text, { sourceName: file, publish: true });
  }
  return files.length;
}

export async function setupPracticeContext() {
  const ctx = await setupAppContext();
  const engine = await startSearchEngine(ctx.dataDir);
  const context = {
    ...ctx,
    engine,
    async close() {
      setSearch(undefined);
      // Tests may restart the engine (outage then recovery): stop the current one.
      await context.engine.stop();
      await ctx.close();
    },
  };
  return context;
}

