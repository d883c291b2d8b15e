import { inArray } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { organizations } from "~/db/schema";
import type { ProposalContent } from "~/db/schema/proposals";
import { formatDateTime } from "~/utils/dates";
import { listProposalAttachments, OTHER_ATTACHMENT } from "./attachments.server.ts";
import type { ExportInput } from "./export.server.ts";
import { contentOf, loadProposalDoc } from "./document.server.ts";
import { STATUS_LABELS, type ReadableProposal } from "./proposals.server.ts";
import { themeLabel } from "./themes.ts";

/**
 * What the print view and the DOCX show: the frozen copy once submitted,
 * otherwise the current stored document (derived now, not the last hook run).
 */
export async function exportInput(db: DbOrTx, readable: ReadableProposal): Promise<ExportInput> {
  const { proposal, call, network } = readable;
  const frozen = proposal.submittedContent;
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
