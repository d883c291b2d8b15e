/**
 * Recognises common file formats by their first bytes ("magic numbers").
 *
 * Users rename files freely (a scanned PDF saved as "practica.txt", a photo
 * of a page as ".docx"), so the importer decides by content, and uses these
 * names to tell the user what the file really is. Browser-safe.
 */

export type FileSignatureKind =
  | "zip"
  | "pdf"
  | "png"
  | "jpeg"
  | "gif"
  | "webp"
  | "tiff"
  | "heic"
  | "legacy-office"
  | "rtf"
  | "gzip"
  | "rar"
  | "7z"
  | "elf";

export interface FileSignature {
  kind: FileSignatureKind;
  /** Spanish description used in error messages ("un PDF"). */
  description: string;
}

interface Rule {
  kind: FileSignatureKind;
  description: string;
  offset?: number;
  bytes: readonly number[];
  /** A second run of bytes that must also be present (WebP: "RIFF" … "WEBP"). */
  also?: { offset: number; bytes: readonly number[] };
}

const ascii = (value: string) => Array.from(value, (c) => c.charCodeAt(0));

const RULES: readonly Rule[] = [
  { kind: "zip", description: "un archivo comprimido", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: "zip", description: "un archivo comprimido", bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: "pdf", description: "un PDF", bytes: ascii("%PDF-") },
  { kind: "png", description: "una imagen PNG", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: "jpeg", description: "una imagen JPEG", bytes: [0xff, 0xd8, 0xff] },
  { kind: "gif", description: "una imagen GIF", bytes: ascii("GIF8") },
  { kind: "webp", description: "una imagen WebP", bytes: ascii("RIFF"), also: { offset: 8, bytes: ascii("WEBP") } },
  { kind: "tiff", description: "una imagen TIFF", bytes: [0x49, 0x49, 0x2a, 0x00] },
  { kind: "tiff", description: "una imagen TIFF", bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { kind: "heic", description: "una imagen HEIC", offset: 4, bytes: ascii("ftypheic") },
  {
    kind: "legacy-office",
    description: "un documento de Office antiguo (.doc, .xls o .ppt)",
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  },
  { kind: "rtf", description: "un documento RTF", bytes: ascii("{\\rtf") },
  { kind: "gzip", description: "un archivo comprimido", bytes: [0x1f, 0x8b] },
  { kind: "rar", description: "un archivo comprimido RAR", bytes: ascii("Rar!") },
  { kind: "7z", description: "un archivo comprimido 7-Zip", bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { kind: "elf", description: "un programa ejecutable", bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

function hasBytes(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  return bytes.length >= offset + expected.length && expected.every((byte, i) => bytes[offset + i] === byte);
}

export function detectFileSignature(bytes: Uint8Array): FileSignature | null {
  for (const rule of RULES) {
    if (!hasBytes(bytes, rule.offset ?? 0, rule.bytes)) continue;
    if (rule.also && !hasBytes(bytes, rule.also.offset, rule.also.bytes)) continue;
    return { kind: rule.kind, description: rule.description };
  }
  return null;
}

/**
 * True when the bytes look like binary data rather than text: any NUL byte,
 * or more than 1 % control characters other than tab, line feed, form feed
 * and carriage return.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) control += 1;
  }
  return control > bytes.length / 100;
}
