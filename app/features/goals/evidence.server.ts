import fs from "node:fs/promises";
import path from "node:path";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { fileTypeFromBuffer } from "file-type";
import { getEnv } from "~/env.server";
import { FieldError } from "~/utils/errors";
import { MAX_EVIDENCE_BYTES } from "./schema.ts";

/*
 * Evidence files for goal entries, stored under DATA_DIR/goal-evidence/<entryId>/.
 * The type is decided by the file's bytes, not its name: people rename files
 * freely, and we never serve something executable back to a browser.
 */

const ALLOWED: Record<string, string> = {
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
};
const ACCEPTED_TEXT = "PDF, imagen (PNG, JPG, WEBP, GIF), Word, Excel, PowerPoint u OpenDocument";

export interface CheckedEvidence {
  bytes: Uint8Array;
  mime: string;
  fileName: string;
}

/** Validates an uploaded file: size and real type. Returns null when no file was sent. */
export async function checkEvidenceFile(file: File | null): Promise<CheckedEvidence | null> {
  if (!file || file.size === 0) return null;
  if (file.size > MAX_EVIDENCE_BYTES) throw new FieldError("evidence", tooBigMessage());
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sniffed = await fileTypeFromBuffer(bytes);
  let mime = sniffed?.mime as string | undefined;
  if (!sniffed && looksLikeText(bytes)) mime = "text/plain";
  if (!mime || (!ALLOWED[mime] && mime !== "text/plain")) {
    throw new FieldError("evidence", `Este tipo de archivo no se acepta como respaldo. Sube un ${ACCEPTED_TEXT}, o un texto.`);
  }
  return { bytes, mime, fileName: safeFileName(file.name, mime) };
}

export function tooBigMessage(): string {
  return `El archivo supera el máximo de ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB. Sube una versión más liviana o comparte un enlace.`;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample.length === bytes.length ? sample : sample.subarray(0, sample.length - 4));
    return true;
  } catch {
    return false;
  }
}

function safeFileName(name: string, mime: string): string {
  const base = path
    .basename(name || "respaldo")
    .replace(/[^\p{L}\p{N}._ -]+/gu, "_")
    .slice(0, 100);
  const ext = ALLOWED[mime] ?? "txt";
  return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base.replace(/\.[^.]*$/, "")}.${ext}`;
}

const evidenceRoot = () => path.join(getEnv().dataDir, "goal-evidence");

/** Writes the file; returns the path relative to DATA_DIR (what the row stores). */
export async function writeEvidence(entryId: string, evidence: CheckedEvidence): Promise<string> {
  const dir = path.join(evidenceRoot(), entryId);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "file"), evidence.bytes);
  return path.join("goal-evidence", entryId, "file");
}

export async function readEvidence(relativePath: string): Promise<Buffer> {
  const full = path.resolve(getEnv().dataDir, relativePath);
  if (!full.startsWith(evidenceRoot() + path.sep)) throw new Error("ruta de respaldo fuera de DATA_DIR");
  return fs.readFile(full);
}

export async function removeEvidence(entryId: string): Promise<void> {
  await fs.rm(path.join(evidenceRoot(), entryId), { recursive: true, force: true });
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
    const limit = filename ? MAX_EVIDENCE_BYTES : MAX_TEXT_FIELD_BYTES;
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
