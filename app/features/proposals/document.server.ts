import * as Y from "yjs";
import { formatDocumentName } from "~/collab/document-name";
import { settleLiveDocument } from "~/collab/live-documents.server";
import type { DbOrTx } from "~/db/client.server";
import type { CallSection, ProposalContent } from "~/db/schema/proposals";
import { deriveProposalContent } from "~/editor/proposal-doc";
import { FieldError } from "~/utils/errors";
import { createDatabaseStore } from "../../../collab-server/persistence";

/*
 * A proposal's Y.Doc as the collab server stores it. The portal reads and
 * writes it through the collab server's own persistence store, so demo data,
 * versions and the frozen copy use exactly the bytes the editor syncs.
 */

/** Client-sent states above this are refused (a proposal's whole state is far smaller). */
export const MAX_CLIENT_STATE_BYTES = 4 * 1024 * 1024;

export const proposalDocumentName = (proposalId: string) => formatDocumentName({ kind: "proposal", id: proposalId });

/** The stored document (empty if never stored). */
export async function loadProposalDoc(db: DbOrTx, proposalId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const stored = await createDatabaseStore(db).load(proposalDocumentName(proposalId));
  if (stored) for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Appends a change to the stored document, as the collab server would. */
export async function appendProposalUpdate(db: DbOrTx, proposalId: string, update: Uint8Array): Promise<void> {
  await createDatabaseStore(db).append([{ name: proposalDocumentName(proposalId), update }]);
}

/**
 * The most complete state the portal can know: the stored document plus, when
 * the editor posted it, the browser's state (Yjs merges are unions: nothing
 * stored is lost, and the few seconds not yet stored by the collab server are included).
 */
export async function currentProposalDoc(db: DbOrTx, proposalId: string, clientStateBase64?: string | null): Promise<Y.Doc> {
  // What this process's collab server already accepted is written first (see settleLiveDocument).
  await settleLiveDocument(proposalDocumentName(proposalId));
  const doc = await loadProposalDoc(db, proposalId);
  if (clientStateBase64) {
    const bytes = Buffer.from(clientStateBase64, "base64");
    if (bytes.byteLength > MAX_CLIENT_STATE_BYTES) throw new FieldError("state", "El documento enviado desde el navegador es demasiado grande.");
    try {
      Y.applyUpdate(doc, new Uint8Array(bytes));
    } catch {
      // A malformed state from the browser is ignored: the stored document stands.
    }
  }
  return doc;
}

export function contentOf(doc: Y.Doc, sections: CallSection[]): ProposalContent {
  return deriveProposalContent(
    doc,
    sections.map((s) => s.key),
  );
}

export const emptyContent = (): ProposalContent => ({ sections: {}, budget: [] });
