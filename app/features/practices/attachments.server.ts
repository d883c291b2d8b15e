/**
 * Attachments: PDF and images up to 10 MB, recognised by their content
 * (file-type), never by name or the browser's claim. Files live under
 * DATA_DIR/practices/<practiceId>/<attachmentId>; the row is written only
 * after the file is safely on disk.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { practiceAttachments } from "~/db/schema";
import { getEnv } from "~/env.server";
import { isUuid } from "~/utils/ids";
import { checkUpload, MAX_UPLOAD_BYTES, UPLOAD_TYPES } from "~/utils/uploads.server";

export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES;
const ALLOWED_TYPES: ReadonlySet<string> = new Set([...UPLOAD_TYPES.pdf, ...UPLOAD_TYPES.images]);

function storagePath(practiceId: string, attachmentId: string): string {
  return path.join(getEnv().dataDir, "practices", practiceId, attachmentId);
}

/** Checks size and real type; returns the sniffed MIME type or throws a Spanish FieldError on "attachment". */
export function checkAttachment(bytes: Uint8Array, filename: string): Promise<string> {
  return checkUpload(bytes, filename, ALLOWED_TYPES, "un PDF ni una imagen (PNG, JPEG, WebP o GIF)");
}

export async function saveAttachment(db: DbOrTx, practiceId: string, userId: string, file: { bytes: Uint8Array; filename: string }) {
  const contentType = await checkAttachment(file.bytes, file.filename);
  const id = crypto.randomUUID();
  const target = storagePath(practiceId, id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, file.bytes);
  const filename = path.basename(file.filename.replace(/\\/g, "/")).slice(0, 200) || "adjunto";
  const [row] = await db.insert(practiceAttachments).values({ id, practiceId, filename, contentType, size: file.bytes.byteLength, createdBy: userId }).returning();
  return row;
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
  const bytes = await fs.readFile(storagePath(practiceId, row.id)).catch(() => undefined);
  return bytes ? { row, bytes } : undefined;
}

export async function deleteAttachment(db: DbOrTx, practiceId: string, attachmentId: string) {
  if (!isUuid(attachmentId)) return;
  const [row] = await db
    .delete(practiceAttachments)
    .where(and(eq(practiceAttachments.id, attachmentId), eq(practiceAttachments.practiceId, practiceId)))
    .returning();
  if (row) await fs.rm(storagePath(practiceId, row.id), { force: true });
}
