import { inArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { organizations } from "~/db/schema";
import type { ProposalContent } from "~/db/schema/proposals";
import { formatDateTime } from "~/utils/dates";
import { listProposalAttachments, OTHER_ATTACHMENT } from "./attachments.server.ts";
import type { ExportInput } from "./export.server.ts";
import { settleLiveDocument } from "~/collab/live-documents.server";
import { contentOf, loadProposalDoc, proposalDocumentName } from "./document.server.ts";
import { STATUS_LABELS, type ReadableProposal } from "./proposals.server.ts";
import { themeLabel } from "./themes.ts";

/**
 * What the print view and the DOCX show: the frozen copy once submitted,
 * otherwise the live document — the store (snapshot + log, read in one
 * statement) once this process's accepted edits are written — derived now,
 * never `proposals.content` (derived seconds later). The editor's export links
 * first wait until the server confirmed the author's last edits (ExportLink).
 */
export async function exportInput(db: DbOrTx, readable: ReadableProposal): Promise<ExportInput> {
  const { proposal, call, network } = readable;
  const frozen = proposal.submittedContent;
  if (!frozen) await settleLiveDocument(proposalDocumentName(proposal.id));
  const content: ProposalContent = frozen ?? contentOf(await loadProposalDoc(db, proposal.id), call.sections);
  const offices = proposal.responsibleOrganizationIds.length
    ? await db.select({ name: organizations.name }).from(organizations).where(inArray(organizations.id, proposal.responsibleOrganizationIds))
    : [];
  return {
    title: proposal.title,
    networkName: network.name,
    callName: call.name,
    themeLabel: themeLabel(proposal.themeSlug),
    statusLabel: STATUS_LABELS[proposal.status],
    responsibleOffices: offices.map((o) => o.name),
    sections: call.sections,
    content,
    attachments: (await listProposalAttachments(db, proposal.id)).map((a) => ({ requirement: a.requirement === OTHER_ATTACHMENT ? "Otro documento" : a.requirement, filename: a.filename })),
    note: frozen && proposal.submittedAt ? `Copia congelada enviada el ${formatDateTime(proposal.submittedAt)}.` : `Borrador al ${formatDateTime(new Date())}.`,
  };
}
