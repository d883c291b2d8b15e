/**
 * Index sync that loses nothing. Every change to a practice writes an outbox
 * row in the same transaction (`enqueuePracticeSync`, enqueue.server.ts). The worker reads due
 * rows, pushes each practice's *current* state to Meilisearch, waits for the
 * tasks to succeed and only then deletes the rows. A failure (Meilisearch
 * down, a task failing) keeps the rows and pushes `nextAttemptAt` back
 * exponentially, so the backlog drains by itself when search returns.
 */
import { and, inArray, lte, sql } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import type { Database, DbOrTx } from "~/db/client.server";
import { practiceSearchOutbox, practices } from "~/db/schema";
import { buildSearchDocuments } from "./documents.server.ts";
import { PRIVATE_PRACTICES_INDEX, PUBLIC_PRACTICES_INDEX } from "./settings.server.ts";

const BATCH = 200;
const BASE_DELAY_MS = 1_000;
// Capped at one minute: after an outage the backlog must drain soon without anyone acting.
const MAX_DELAY_MS = 60_000;
const TASK_TIMEOUT_MS = 30_000;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

async function waitOk(promise: ReturnType<ReturnType<Meilisearch["index"]>["addDocuments"]>) {
  const task = await promise.waitTask({ timeout: TASK_TIMEOUT_MS, interval: 25 });
  if (task.status !== "succeeded") throw new Error(task.error?.message ?? `tarea ${task.uid} terminó en ${task.status}`);
}

/** Pushes the given practices' current state (or their absence) to both indexes. */
export async function pushPractices(db: DbOrTx, client: Meilisearch, practiceIds: readonly string[]): Promise<void> {
  if (practiceIds.length === 0) return;
  const rows = await db.select().from(practices).where(inArray(practices.id, [...practiceIds]));
  const docs = await buildSearchDocuments(db, rows);
  const publicDocs = docs.filter((d) => d.status === "published");
  const privateDocs = docs.filter((d) => d.status !== "archived");
  const notPublic = practiceIds.filter((id) => !publicDocs.some((d) => d.id === id));
  const notPrivate = practiceIds.filter((id) => !privateDocs.some((d) => d.id === id));
  const pub = client.index(PUBLIC_PRACTICES_INDEX);
  const priv = client.index(PRIVATE_PRACTICES_INDEX);
  const tasks = [];
  if (publicDocs.length) tasks.push(waitOk(pub.addDocuments(publicDocs)));
  if (notPublic.length) tasks.push(waitOk(pub.deleteDocuments([...notPublic])));
  if (privateDocs.length) tasks.push(waitOk(priv.addDocuments(privateDocs)));
  if (notPrivate.length) tasks.push(waitOk(priv.deleteDocuments([...notPrivate])));
  await Promise.all(tasks);
}

export interface OutboxPass {
  pushed: number;
  failed: number;
  error?: string;
}

/** One pass over the due outbox rows. Safe to run in several processes: pushes are idempotent. */
export async function processPracticeSearchOutbox(db: Database, client: Meilisearch, now = new Date()): Promise<OutboxPass> {
  const due = await db
    .select({ id: practiceSearchOutbox.id, practiceId: practiceSearchOutbox.practiceId, attempts: practiceSearchOutbox.attempts })
    .from(practiceSearchOutbox)
    .where(lte(practiceSearchOutbox.nextAttemptAt, now))
    .orderBy(practiceSearchOutbox.id)
    .limit(BATCH);
  if (due.length === 0) return { pushed: 0, failed: 0 };
  const ids = due.map((r) => r.id);
  try {
    await pushPractices(db, client, [...new Set(due.map((r) => r.practiceId))]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = Math.max(...due.map((r) => r.attempts)) + 1;
    await db
      .update(practiceSearchOutbox)
      .set({
        attempts: sql`${practiceSearchOutbox.attempts} + 1`,
        lastError: message.slice(0, 500),
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      })
      .where(inArray(practiceSearchOutbox.id, ids));
    return { pushed: 0, failed: due.length, error: message };
  }
  // Rows added for the same practice while we pushed have higher ids and stay for the next pass.
  await db.delete(practiceSearchOutbox).where(and(inArray(practiceSearchOutbox.id, ids)));
  return { pushed: due.length, failed: 0 };
}

export async function outboxBacklog(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(practiceSearchOutbox);
  return Number(row?.n ?? 0);
}
