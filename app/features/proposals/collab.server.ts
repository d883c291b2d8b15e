import { eq } from "drizzle-orm";
import * as Y from "yjs";
import type { DbOrTx } from "~/db/client.server";
import { proposalCalls, proposals } from "~/db/schema";
import { upgradeBudget } from "~/editor/budget-doc";
import type { CollabAccess } from "~/permissions/collab-access.server";
import { can } from "~/permissions/permissions";
import type { Actor } from "~/permissions/actor";
import { contentOf, loadProposalDoc } from "./document.server.ts";
import { findReadableProposal, proposalResource } from "./proposals.server.ts";

/*
 * How the collab server treats `proposal:<uuid>` documents (declared in
 * ./feature.server.ts, listed in the composition root).
 */

/** Members of the proposal's network edit (until submitted); the region's DR and Nivel Central read; others are refused. */
export async function resolveProposalAccess(db: DbOrTx, actor: Actor, id: string): Promise<CollabAccess> {
  const readable = await findReadableProposal(db, actor, id);
  if (!readable) return null;
  const resource = proposalResource(readable.proposal, readable.network.regionCode);
  return can(actor, "edit", resource) ? "edit" : "read";
}

/**
 * After each store: derive JSON/text per section and the budget rows into
 * `proposals.content` (rules panel, listings, exports). Accepts the stored
 * Y.Doc when the collab server passes it, otherwise reads the stored state.
 */
export async function deriveStoredProposal(db: DbOrTx, id: string, derived: unknown): Promise<void> {
  const [row] = await db.select({ sections: proposalCalls.sections }).from(proposals).innerJoin(proposalCalls, eq(proposalCalls.id, proposals.callId)).where(eq(proposals.id, id));
  if (!row) return;
  // The portal's collab server passes the stored Y.Doc; duck-typed in case Yjs is loaded twice.
  const doc = derived instanceof Y.Doc || typeof (derived as Y.Doc | undefined)?.getXmlFragment === "function" ? (derived as Y.Doc) : await loadProposalDoc(db, id);
  await db.update(proposals).set({ content: contentOf(doc, row.sections), updatedAt: new Date() }).where(eq(proposals.id, id));
}

/** Documents stored before budget cells were shared texts get them when the collab server loads them (decision 0120). */
export function upgradeStoredProposal(doc: Y.Doc): void {
  upgradeBudget(doc);
}
