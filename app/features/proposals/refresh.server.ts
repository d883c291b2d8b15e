import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { collabDocuments, proposals } from "~/db/schema";
import { deriveStoredProposal } from "./collab.server.ts";

/** Re-derives the content of open proposals whose stored document is newer than their content. */
export async function refreshStaleContents(db: DbOrTx, limit = 20): Promise<number> {
  const stale = await db
    .select({ id: proposals.id })
    .from(proposals)
    .innerJoin(collabDocuments, eq(collabDocuments.name, sql`'proposal:' || ${proposals.id}::text`))
    .where(and(inArray(proposals.status, ["borrador", "lista_para_revision"]), gt(collabDocuments.updatedAt, proposals.updatedAt)))
    .limit(limit);
  for (const { id } of stale) await deriveStoredProposal(db, id, undefined);
  return stale.length;
}
