import { fileTypeFromBuffer } from "file-type";
import type { FileBody } from "~/features/uploads/stored-files.server";
import { FieldError } from "./errors.ts";

/** The largest file any form accepts (attachments, evidence). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** File types by family, combined by each form into what it accepts (recognised by content). */
export const UPLOAD_TYPES = {
  pdf: ["application/pdf"],
  images: ["image/png", "image/jpeg", "image/webp", "image/gif"],
  office: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  moreOffice: [
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
  ],
} as const;

export interface UploadCheckOptions {
  /**
   * Also accept plain text (CSV, TXT): files without a binary signature whose
   * bytes are valid UTF-8 with no NUL byte. Reported as "text/plain".
   */
  acceptPlainText?: boolean;
}

/**
 * Checks an uploaded file by its size and its real content (file-type), never
 * its name or the browser's claim. `allowed` maps MIME types to the labels
 * shown in the Spanish refusal ("un PDF", "una imagen (PNG, JPEG…)"…).
 * Returns the sniffed MIME type or throws a FieldError on `field`.
 */
export async function checkUpload(
  bytes: Uint8Array,
  filename: string,
  allowed: ReadonlySet<string>,
  allowedDescription: string,
  field = "attachment",
  options: UploadCheckOptions = {},
): Promise<string> {
  if (bytes.byteLength === 0) throw new FieldError(field, "El archivo está vacío.");
  if (bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new FieldError(field, `«${filename}» pesa ${(bytes.byteLength / 1048576).toLocaleString("es-CL", { maximumFractionDigits: 1 })} MB; el máximo es 10 MB.`);
  }
  const type = await fileTypeFromBuffer(bytes);
  if (!type && options.acceptPlainText && looksLikeText(bytes)) return "text/plain";
  if (!type || !allowed.has(type.mime)) {
    throw new FieldError(
      field,
      `«${filename}» no es ${allowedDescription}${type ? `: su contenido es ${type.ext.toUpperCase()}` : ""}. Solo se aceptan esos formatos, según el contenido del archivo y no su nombre.`,
    );
  }
  return type.mime;
}

/** UTF-8 without NUL bytes in the first 4 KB (a multi-byte character cut at the sample's end is allowed). */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return false;
  try {
    // `stream` keeps an incomplete character at the sample's end from counting as invalid.
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    return true;
  } catch {
    return false;
  }
}

/**
 * The download of a stored upload. Its type was sniffed from the content at
 * upload and nosniff keeps browsers from guessing otherwise; PDFs and images
 * open in the browser unless `download`, anything else downloads. The body is
 * sent as read (whole or in slices, see stored-files.server.ts) with its exact length.
 */
export function uploadedFileResponse(
  file: FileBody,
  meta: { contentType: string; filename: string },
  { cacheControl = "private, max-age=300", download = false }: { cacheControl?: string; download?: boolean } = {},
): Response {
  const inline = !download && (meta.contentType === "application/pdf" || meta.contentType.startsWith("image/"));
  // Bytes from the database drivers and fs are backed by a plain ArrayBuffer, never a SharedArrayBuffer.
  return new Response(file.body as Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": meta.contentType,
      "Content-Length": String(file.size),
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
      "Cache-Control": cacheControl,
    },
  });
}
