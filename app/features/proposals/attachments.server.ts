/**
 * A proposal's attachments: the call's required documents (by name) or "otro".
 * PDF, images, DOCX and XLSX up to 10 MB, recognised by their content
 * (file-type), never by name or the browser's claim — the same approach as the
 * practices' attachments. Files live under
 * DATA_DIR/proposal-attachments/<proposalId>/<attachmentId>; the row is written
 * only after the file is on disk, and the file is removed if the row is not.
 * Nothing changes once the proposal is submitted (checked again under a row lock).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { proposalAttachments, proposals } from "~/db/schema";
import { getEnv } from "~/env.server";
import { checkUpload, MAX_UPLOAD_BYTES as MAX_ATTACHMENT_BYTES, UPLOAD_TYPES } from "~/utils/uploads.server";
import { FieldError } from "~/utils/errors";
import { isUuid } from "~/utils/ids";

export { MAX_ATTACHMENT_BYTES };
export const OTHER_ATTACHMENT = "otro";

const ALLOWED_TYPES: ReadonlySet<string> = new Set([...UPLOAD_TYPES.pdf, ...UPLOAD_TYPES.images, ...UPLOAD_TYPES.office]);

const relativePath = (proposalId: string, attachmentId: string) => path.posix.join("proposal-attachments", proposalId, attachmentId);
const absolutePath = (relative: string) => path.join(getEnv().dataDir, relative);

/** Checks size and real type; returns the sniffed MIME type or throws a Spanish FieldError on "attachment". */
export function checkProposalAttachment(bytes: Uint8Array, filename: string): Promise<string> {
  return checkUpload(bytes, filename, ALLOWED_TYPES, "un PDF, una imagen (PNG, JPEG, WebP o GIF), un Word (DOCX) ni un Excel (XLSX)");
}

const frozenError = () => new FieldError("attachment", "La propuesta ya fue enviada: sus adjuntos ya no se pueden cambiar.");

async function lockEditable(tx: DbOrTx, proposalId: string) {
  const [row] = await tx.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, proposalId)).for("update");
  if (!row || (row.status !== "borrador" && row.status !== "lista_para_revision")) throw frozenError();
}

export async function saveProposalAttachment(
  db: Database,
  proposal: { id: string; requiredAttachments: readonly string[] },
  userId: string,
  requirement: string,
  file: { bytes: Uint8Array; filename: string },
) {
  if (requirement !== OTHER_ATTACHMENT && !proposal.requiredAttachments.includes(requirement)) throw new FieldError("requirement", "Elige uno de los documentos de la lista.");
  const contentType = await checkProposalAttachment(file.bytes, file.filename);
  const id = crypto.randomUUID();
  const storagePath = relativePath(proposal.id, id);
  const target = absolutePath(storagePath);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, file.bytes);
  const filename = path.basename(file.filename.replace(/\\/g, "/")).slice(0, 200) || "adjunto";
  try {
    return await db.transaction(async (tx) => {
      await lockEditable(tx, proposal.id);
      const [row] = await tx
        .insert(proposalAttachments)
        .values({ id, proposalId: proposal.id, requirement, filename, contentType, size: file.bytes.byteLength, storagePath, uploadedByUserId: userId })
        .returning();
      return row;
    });
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
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
  const bytes = await fs.readFile(absolutePath(row.storagePath)).catch(() => undefined);
  return bytes ? { row, bytes } : undefined;
}

export async function removeProposalAttachment(db: Database, proposalId: string, attachmentId: string) {
  const row = await db.transaction(async (tx) => {
    await lockEditable(tx, proposalId);
    const [deleted] = await tx
      .delete(proposalAttachments)
      .where(and(eq(proposalAttachments.id, attachmentId), eq(proposalAttachments.proposalId, proposalId)))
      .returning();
    return deleted;
  });
  if (row) await fs.rm(absolutePath(row.storagePath), { force: true });
}
