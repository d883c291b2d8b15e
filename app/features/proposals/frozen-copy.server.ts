import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import type { DbOrTx } from "~/db/client.server";
import { proposalCalls, proposals, proposalVersions } from "~/db/schema";
import { contentOf, loadProposalDoc } from "./document.server.ts";

/*
 * The frozen copy of a submitted proposal holds everything the collab servers
 * accepted. Submission freezes the stored document at that instant; live
 * editors become read-only a few milliseconds later (each collab process when
 * it hears of the change). An edit a server accepted in between is durable,
 * so every process, once its sockets are read-only and their last edits
 * written, folds the stored document into the frozen copy (a CRDT merge under
 * the proposal's row lock: processes doing it at once lose nothing). What the
 * servers refused is shown to its author by the editor (unsent words).
 */

export const FROZEN_VERSION_NAME = "Enviada (copia congelada)";

export async function completeFrozenCopy(db: DbOrTx, proposalId: string): Promise<void> {
  // Read before taking the lock (PGlite runs one statement at a time); merged under it.
  const stored = await loadProposalDoc(db, proposalId);
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ status: proposals.status, submittedState: proposals.submittedState, sections: proposalCalls.sections })
        .from(proposals)
        .innerJoin(proposalCalls, eq(proposalCalls.id, proposals.callId))
        .where(eq(proposals.id, proposalId))
        .for("update", { of: proposals });
      if (!row?.submittedState || row.status === "borrador" || row.status === "lista_para_revision") return;
      const frozen = new Y.Doc();
      Y.applyUpdate(frozen, row.submittedState);
      const before = Y.snapshot(frozen);
      Y.applyUpdate(frozen, Y.encodeStateAsUpdate(stored));
      if (Y.equalSnapshots(before, Y.snapshot(frozen))) return;
      const state = Y.encodeStateAsUpdate(frozen);
      const content = contentOf(frozen, row.sections);
      await tx.update(proposals).set({ submittedState: state, submittedContent: content, content }).where(eq(proposals.id, proposalId));
      await tx
        .update(proposalVersions)
        .set({ state, content })
        .where(and(eq(proposalVersions.proposalId, proposalId), eq(proposalVersions.kind, "status"), eq(proposalVersions.name, FROZEN_VERSION_NAME)));
    });
  } finally {
    stored.destroy();
  }
}
