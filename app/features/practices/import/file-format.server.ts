/**
 * What an uploaded practice document really is, by its content (the `file-type` package, the same
 * sniffing as attachments in app/utils/uploads.server.ts), never by its name: users rename files
 * freely (a scanned PDF saved as "practica.txt", a photo of a page as ".docx"). Text formats that
 * file-type recognises (XML, iCalendar, vCard…) count as text: the extension decides for them.
 */
import { fileTypeFromBuffer } from "file-type";

export interface FileFormat {
  /** file-type's extension: "docx", "zip", "pdf", "cfb" (legacy Office)… */
  ext: string;
  mime: string;
  /** Spanish, for messages: "un PDF". */
  description: string;
}

const DESCRIPTIONS: Record<string, string> = {
  docx: "un documento Word",
  zip: "un archivo comprimido",
  pdf: "un PDF",
  png: "una imagen PNG",
  jpg: "una imagen JPEG",
  gif: "una imagen GIF",
  webp: "una imagen WebP",
  tif: "una imagen TIFF",
  heic: "una imagen HEIC",
  cfb: "un documento de Office antiguo (.doc, .xls o .ppt)",
  rtf: "un documento RTF",
  gz: "un archivo comprimido",
  rar: "un archivo comprimido RAR",
  "7z": "un archivo comprimido 7-Zip",
  elf: "un programa ejecutable",
  exe: "un programa ejecutable",
  xlsx: "una planilla Excel",
  pptx: "una presentación PowerPoint",
  odt: "un documento OpenDocument",
  epub: "un libro electrónico EPUB",
};

function describe(ext: string, mime: string): string {
  if (DESCRIPTIONS[ext]) return DESCRIPTIONS[ext];
  if (mime.startsWith("image/")) return "una imagen";
  if (mime.startsWith("audio/")) return "un archivo de audio";
  if (mime.startsWith("video/")) return "un video";
  return `un archivo .${ext}`;
}

const TEXT_FORMATS = new Set(["xml", "vtt", "vcf", "ics", "txt"]);

/** The binary format of the bytes, or null for text (or nothing file-type knows). */
export async function detectFileFormat(bytes: Uint8Array): Promise<FileFormat | null> {
  if (bytes.byteLength === 0) return null;
  const found = await fileTypeFromBuffer(bytes);
  if (!found || TEXT_FORMATS.has(found.ext) || found.mime.startsWith("text/")) return null;
  return { ext: found.ext, mime: found.mime, description: describe(found.ext, found.mime) };
}

/**
 * True when the bytes look like binary data rather than text: any NUL byte, or more than 1 %
 * control characters other than tab, line feed, form feed and carriage return.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) control += 1;
  }
  return control > bytes.length / 100;
}
