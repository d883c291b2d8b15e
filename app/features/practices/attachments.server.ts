/**
 * Attachments: PDF and images up to 10 MB, recognised by their content
 * (file-type), never by name or the browser's claim. The bytes live in the
 * database (stored_files, decision 0072), written in the same transaction as
 * the row; a row from before that may still point to
 * DATA_DIR/practices/<practiceId>/<attachmentId> until the startup step moves it.
 */
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { practiceAttachments } from "~/db/schema";
import { deleteStoredFiles, openUpload, removeLegacyFile, storeFile } from "~/features/uploads/stored-files.server";
import { isUuid } from "~/utils/ids";
import { checkUpload, MAX_UPLOAD_BYTES, UPLOAD_TYPES } from "~/utils/uploads.server";

export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES;
const ALLOWED_TYPES: ReadonlySet<string> = new Set([...UPLOAD_TYPES.pdf, ...UPLOAD_TYPES.images]);

/** Where a practice attachment was kept before decision 0072, relative to DATA_DIR. */
export function legacyPracticeAttachmentPath(practiceId: string, attachmentId: string): string {
  return path.posix.join("practices", practiceId, attachmentId);
}

/** Checks size and real type; returns the sniffed MIME type or throws a Spanish FieldError on "attachment". */
export function checkAttachment(bytes: Uint8Array, filename: string): Promise<string> {
  return checkUpload(bytes, filename, ALLOWED_TYPES, "un PDF ni una imagen (PNG, JPEG, WebP o GIF)");
}

export async function saveAttachment(db: DbOrTx, practiceId: string, userId: string, file: { bytes: Uint8Array; filename: string }) {
  const contentType = await checkAttachment(file.bytes, file.filename);
  const filename = path.basename(file.filename.replace(/\\/g, "/")).slice(0, 200) || "adjunto";
  return db.transaction(async (tx) => {
    const fileId = await storeFile(tx, file.bytes, contentType);
    const [row] = await tx.insert(practiceAttachments).values({ practiceId, filename, contentType, size: file.bytes.byteLength, fileId, createdBy: userId }).returning();
    return row;
  });
}

export async function listAttachments(db: DbOrTx, practiceId: string) {
  return db.select().from(practiceAttachments).where(eq(practiceAttachments.practiceId, practiceId)).orderBy(practiceAttachments.createdAt);
}

export async function readAttachment(db: DbOrTx, practiceId: string, attachmentId: string) {
  if (!isUuid(attachmentId)) return undefined;
  const [row] = await db
    .select()
    .from(practiceAttachments)
    .where(and(eq(practiceAttachments.id, attachmentId), eq(practiceAttachments.practiceId, practiceId)));
  if (!row) return undefined;
  const file = await openUpload(db, { fileId: row.fileId, legacyPath: row.fileId ? null : legacyPracticeAttachmentPath(practiceId, row.id) });
  return file ? { row, file } : undefined;
}

export async function deleteAttachment(db: DbOrTx, practiceId: string, attachmentId: string) {
  if (!isUuid(attachmentId)) return;
  const row = await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(practiceAttachments)
      .where(and(eq(practiceAttachments.id, attachmentId), eq(practiceAttachments.practiceId, practiceId)))
      .returning();
    if (deleted) await deleteStoredFiles(tx, [deleted.fileId]);
    return deleted;
  });
  if (row && !row.fileId) await removeLegacyFile(legacyPracticeAttachmentPath(practiceId, row.id));
}
