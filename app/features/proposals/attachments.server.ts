/**
 * A proposal's attachments: the call's required documents (by name) or "otro".
 * PDF, images, DOCX and XLSX up to 10 MB, recognised by their content
 * (file-type), never by name or the browser's claim — the same approach as the
 * practices' attachments. The bytes live in the database (stored_files,
 * decision 0072), written in the transaction that inserts the row; a row from
 * before that may still point to DATA_DIR/proposal-attachments/<proposalId>/
 * <attachmentId> (`storagePath`) until the startup step moves it.
 * Nothing changes once the proposal is submitted (checked again under a row lock).
 */
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { proposalAttachments, proposals } from "~/db/schema";
import { recordAudit } from "~/features/audit/record.server";
import { deleteStoredFiles, openUpload, removeLegacyFile, storeFile } from "~/features/uploads/stored-files.server";
import { checkUpload, MAX_UPLOAD_BYTES as MAX_ATTACHMENT_BYTES, UPLOAD_TYPES } from "~/utils/uploads.server";
import { FieldError } from "~/utils/errors";
import { isUuid } from "~/utils/ids";

export { MAX_ATTACHMENT_BYTES };
export const OTHER_ATTACHMENT = "otro";

const ALLOWED_TYPES: ReadonlySet<string> = new Set([...UPLOAD_TYPES.pdf, ...UPLOAD_TYPES.images, ...UPLOAD_TYPES.office]);

/** Checks size and real type; returns the sniffed MIME type or throws a Spanish FieldError on "attachment". */
export function checkProposalAttachment(bytes: Uint8Array, filename: string): Promise<string> {
  return checkUpload(bytes, filename, ALLOWED_TYPES, "un PDF, una imagen (PNG, JPEG, WebP o GIF), un Word (DOCX) ni un Excel (XLSX)");
}

/** What the audit log names: the proposal and its network. */
type AuditedProposal = { id: string; title: string; networkId: string };

const frozenError = () => new FieldError("attachment", "La propuesta ya fue enviada: sus adjuntos ya no se pueden cambiar.");

async function lockEditable(tx: DbOrTx, proposalId: string) {
  const [row] = await tx.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, proposalId)).for("update");
  if (!row || (row.status !== "borrador" && row.status !== "lista_para_revision")) throw frozenError();
}

export async function saveProposalAttachment(
  db: Database,
  proposal: AuditedProposal & { requiredAttachments: readonly string[] },
  userId: string,
  requirement: string,
  file: { bytes: Uint8Array; filename: string },
) {
  if (requirement !== OTHER_ATTACHMENT && !proposal.requiredAttachments.includes(requirement)) throw new FieldError("requirement", "Elige uno de los documentos de la lista.");
  const contentType = await checkProposalAttachment(file.bytes, file.filename);
  const filename = path.basename(file.filename.replace(/\\/g, "/")).slice(0, 200) || "adjunto";
  return db.transaction(async (tx) => {
    await lockEditable(tx, proposal.id);
    const fileId = await storeFile(tx, file.bytes, contentType);
    const [row] = await tx
      .insert(proposalAttachments)
      .values({ proposalId: proposal.id, requirement, filename, contentType, size: file.bytes.byteLength, fileId, uploadedByUserId: userId })
      .returning();
    await recordAudit(tx, { action: "proposal.attachment_added", resource: { type: "proposal", id: proposal.id, label: proposal.title }, networkId: proposal.networkId, details: { archivo: filename, documento: requirement } });
    return row;
  });
}

export async function listProposalAttachments(db: DbOrTx, proposalId: string) {
  return db.select().from(proposalAttachments).where(eq(proposalAttachments.proposalId, proposalId)).orderBy(asc(proposalAttachments.uploadedAt));
}

/** Names of the requirements that have at least one file (for the rules engine). */
export async function attachedRequirements(db: DbOrTx, proposalId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ requirement: proposalAttachments.requirement }).from(proposalAttachments).where(eq(proposalAttachments.proposalId, proposalId));
  return rows.map((r) => r.requirement);
}

export async function readProposalAttachment(db: DbOrTx, proposalId: string, attachmentId: string) {
  if (!isUuid(attachmentId)) return undefined;
  const [row] = await db
    .select()
    .from(proposalAttachments)
    .where(and(eq(proposalAttachments.id, attachmentId), eq(proposalAttachments.proposalId, proposalId)));
  if (!row) return undefined;
  const file = await openUpload(db, { fileId: row.fileId, legacyPath: row.storagePath });
  return file ? { row, file } : undefined;
}

export async function removeProposalAttachment(db: Database, proposal: AuditedProposal, attachmentId: string) {
  const proposalId = proposal.id;
  const row = await db.transaction(async (tx) => {
    await lockEditable(tx, proposalId);
    const [deleted] = await tx
      .delete(proposalAttachments)
      .where(and(eq(proposalAttachments.id, attachmentId), eq(proposalAttachments.proposalId, proposalId)))
      .returning();
    if (deleted) await deleteStoredFiles(tx, [deleted.fileId]);
    if (deleted) await recordAudit(tx, { action: "proposal.attachment_removed", resource: { type: "proposal", id: proposalId, label: proposal.title }, networkId: proposal.networkId, details: { archivo: deleted.filename, documento: deleted.requirement } });
    return deleted;
  });
  if (row && !row.fileId) await removeLegacyFile(row.storagePath);
}
