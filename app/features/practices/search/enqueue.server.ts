import type { DbOrTx } from "~/db/client.server";
import { practiceSearchOutbox } from "~/db/schema";

/**
 * Marks a practice for re-indexing, in the caller's transaction (the outbox
 * worker in outbox.server.ts pushes it to Meilisearch). Kept apart from the
 * worker so that writers (practices, taxonomies) do not import the document
 * builder, which reads taxonomies: no import cycle.
 */
export async function enqueuePracticeSync(tx: DbOrTx, practiceId: string): Promise<void> {
  await tx.insert(practiceSearchOutbox).values({ practiceId });
}
