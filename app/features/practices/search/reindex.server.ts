/**
 * Rebuilds both practice indexes from the database. Documents go into fresh
 * "<index>_rebuild" indexes that are then swapped with the live ones, so
 * searches keep answering during the rebuild and deleted practices vanish.
 */
import { asc, gt, lte } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import type { Database } from "~/db/client.server";
import { practiceSearchOutbox, practices } from "~/db/schema";
import { buildSearchDocuments } from "./documents.server.ts";
import { ensurePracticeIndexes, PRIVATE_PRACTICES_INDEX, PUBLIC_PRACTICES_INDEX } from "./settings.server.ts";

const BATCH = 500;
const TIMEOUT_MS = 10 * 60_000;

export async function reindexAllPractices(
  db: Database,
  client: Meilisearch,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ total: number; published: number }> {
  const startedAt = new Date();
  const live = [PUBLIC_PRACTICES_INDEX, PRIVATE_PRACTICES_INDEX];
  const rebuild = live.map((uid) => `${uid}_rebuild`);
  // Leftovers of an interrupted rebuild go first.
  const existing = new Set((await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid));
  for (const uid of rebuild) if (existing.has(uid)) await client.deleteIndex(uid).waitTask({ timeout: TIMEOUT_MS });
  await ensurePracticeIndexes(client, [...live, ...rebuild]);
  const total = await db.$count(practices);
  let done = 0;
  let published = 0;
  let lastId: string | null = null;
  onProgress(0, total);
  for (;;) {
    const rows: (typeof practices.$inferSelect)[] = await db
      .select()
      .from(practices)
      .where(lastId ? gt(practices.id, lastId) : undefined)
      .orderBy(asc(practices.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1].id;
    const docs = await buildSearchDocuments(db, rows);
    const publicDocs = docs.filter((d) => d.status === "published");
    const privateDocs = docs.filter((d) => d.status !== "archived");
    const tasks = [];
    if (publicDocs.length) tasks.push(client.index(rebuild[0]).addDocuments(publicDocs).waitTask({ timeout: TIMEOUT_MS }));
    if (privateDocs.length) tasks.push(client.index(rebuild[1]).addDocuments(privateDocs).waitTask({ timeout: TIMEOUT_MS }));
    for (const task of await Promise.all(tasks)) {
      if (task.status !== "succeeded") throw new Error(`Meilisearch rechazó un lote: ${task.error?.message ?? task.status}`);
    }
    published += publicDocs.length;
    done += rows.length;
    onProgress(done, total);
  }
  const swap = await client.swapIndexes(live.map((uid, i) => ({ indexes: [uid, rebuild[i]] as [string, string], rename: false }))).waitTask({ timeout: TIMEOUT_MS });
  if (swap.status !== "succeeded") throw new Error(`No se pudo reemplazar el índice: ${swap.error?.message ?? swap.status}`);
  for (const uid of rebuild) await client.deleteIndex(uid).waitTask({ timeout: TIMEOUT_MS });
  // Changes queued before the rebuild started are now in the index; later ones stay for the worker.
  await db.delete(practiceSearchOutbox).where(lte(practiceSearchOutbox.createdAt, startedAt));
  return { total: done, published };
}
