import path from "node:path";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { checkUpload, MAX_UPLOAD_BYTES, UPLOAD_TYPES } from "~/utils/uploads.server";

/*
 * Evidence files for goal entries. The type is decided by the file's bytes,
 * not its name (the shared upload check): people rename files freely, and we
 * never serve something executable back to a browser. The bytes are stored in
 * the database with the entry (stored_files, decision 0072; see goals.server.ts);
 * entries from before that may still point to DATA_DIR/goal-evidence/<entryId>/
 * (`filePath`) until the startup step moves the file.
 */

const ALLOWED_TYPES: ReadonlySet<string> = new Set([...UPLOAD_TYPES.pdf, ...UPLOAD_TYPES.images, ...UPLOAD_TYPES.office, ...UPLOAD_TYPES.moreOffice]);
const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "text/plain": "txt",
};
/** Completes "«archivo» no es …" in the shared check's refusal. */
const ALLOWED_DESCRIPTION = "un PDF, una imagen (PNG, JPG, WEBP o GIF), un documento Word, Excel, PowerPoint u OpenDocument ni un texto (TXT o CSV)";

export interface CheckedEvidence {
  bytes: Uint8Array;
  mime: string;
  fileName: string;
}

/** Validates an uploaded file with the shared upload check (size and real type). Returns null when no file was sent. */
export async function checkEvidenceFile(file: File | null): Promise<CheckedEvidence | null> {
  if (!file || file.size === 0) return null;
  const fileName = path.basename(file.name || "respaldo");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const mime = await checkUpload(bytes, fileName, ALLOWED_TYPES, ALLOWED_DESCRIPTION, "evidence", { acceptPlainText: true });
  return { bytes, mime, fileName: safeFileName(fileName, mime) };
}

export function tooBigMessage(): string {
  return `El archivo supera el máximo de ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Sube una versión más liviana o comparte un enlace.`;
}

function safeFileName(name: string, mime: string): string {
  const base = name.replace(/[^\p{L}\p{N}._ -]+/gu, "_").slice(0, 100);
  const ext = EXTENSIONS[mime] ?? "txt";
  return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base.replace(/\.[^.]*$/, "")}.${ext}`;
}

const TOO_BIG_MARKER = "\u0000archivo-demasiado-grande";
const MAX_TEXT_FIELD_BYTES = 100 * 1024;

/**
 * Reads a multipart form keeping every typed field even when the file is too
 * big: the file part is drained instead of failing the whole request, so the
 * form can answer with a clear message and what the person typed.
 */
export async function readEntryFormData(request: Request): Promise<{ formData: FormData; file: File | null; fileTooBig: boolean }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return { formData: await request.formData(), file: null, fileTooBig: false };
  let fileTooBig = false;
  const formData = await unstable_parseMultipartFormData(request, async ({ filename, contentType: partType, data }) => {
    const limit = filename ? MAX_UPLOAD_BYTES : MAX_TEXT_FIELD_BYTES;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    }
    if (size > limit && filename) {
      fileTooBig = true;
      return TOO_BIG_MARKER;
    }
    // An oversized text field keeps its first part, so the schema's length limit reports it.
    if (!filename) return new TextDecoder().decode(Buffer.concat(chunks));
    return new File([new Uint8Array(Buffer.concat(chunks))], filename, { type: partType });
  });
  const part = formData.get("evidence");
  formData.delete("evidence");
  return { formData, file: part instanceof File && part.size > 0 ? part : null, fileTooBig };
}
