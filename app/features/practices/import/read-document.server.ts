/**
 * Reads an uploaded good-practice document into text for `parsePracticeText`.
 *
 * Accepted: Word .docx (recognised by content: a ZIP container that mammoth
 * can open, whatever the file is called), and plain text .md / .txt (UTF-8,
 * with or without BOM; UTF-16 with BOM and Windows-1252 "ANSI" files from old
 * Notepad are decoded too, with a warning). Everything else is refused with a
 * `PracticeDocumentError` whose message is Spanish and says what to do, because
 * it is shown to the user as is.
 */
import mammoth from "mammoth";
import { detectFileFormat, looksBinary } from "./file-format.server";
import { htmlToPracticeText } from "./html-to-practice-text";
import { normalizeNewlines } from "./normalize";

export const MAX_PRACTICE_DOCUMENT_BYTES = 10 * 1024 * 1024;

const TEXT_EXTENSIONS = new Set(["txt", "md", "markdown", "text"]);
const ACCEPTED_FORMATS = "Word (.docx), Markdown (.md) o texto (.txt)";

export type PracticeDocumentErrorCode =
  | "too-large"
  | "empty"
  | "unsupported-format"
  | "binary-content"
  | "invalid-docx";

export class PracticeDocumentError extends Error {
  readonly code: PracticeDocumentErrorCode;

  constructor(code: PracticeDocumentErrorCode, message: string) {
    super(message);
    this.name = "PracticeDocumentError";
    this.code = code;
  }
}

export interface PracticeDocumentText {
  text: string;
  warnings: string[];
}

function extensionOf(filename: string): string {
  const match = /\.([^./\\]+)$/.exec(filename.trim());
  return match ? match[1].toLowerCase() : "";
}

function formatMegabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString("es-CL", { maximumFractionDigits: 1 });
}

async function readDocx(bytes: Uint8Array, extension: string): Promise<PracticeDocumentText> {
  let images = 0;
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        ignoreEmptyParagraphs: true,
        // Images are not imported; count them so the user knows.
        convertImage: mammoth.images.imgElement(async () => {
          images += 1;
          return { src: "" };
        }),
      },
    );
  } catch {
    throw new PracticeDocumentError(
      "invalid-docx",
      "El archivo es un comprimido (ZIP) pero no un documento Word (.docx) válido. " +
        "Ábrelo en Word y guárdalo de nuevo como .docx.",
    );
  }
  const warnings: string[] = [];
  if (extension !== "docx") {
    warnings.push(`El archivo tenía extensión «.${extension || "sin extensión"}» pero es un documento Word; se leyó como Word.`);
  }
  if (images > 0) {
    warnings.push(
      images === 1
        ? "El documento tenía una imagen; las imágenes no se importan."
        : `El documento tenía ${images} imágenes; las imágenes no se importan.`,
    );
  }
  const problems = result.messages.filter((m) => m.type === "error" || m.type === "warning").length;
  if (problems > 0) {
    warnings.push(
      `Word: ${problems === 1 ? "un elemento de formato no se pudo interpretar" : `${problems} elementos de formato no se pudieron interpretar`}; el texto se importó igual, revisa el resultado.`,
    );
  }
  return { text: htmlToPracticeText(result.value), warnings };
}

function decodeText(bytes: Uint8Array): PracticeDocumentText {
  const warnings: string[] = [];
  // UTF-16 (Notepad's "Unicode") has NUL bytes, so it is checked before the binary test.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), warnings };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), warnings };

  if (looksBinary(bytes)) {
    throw new PracticeDocumentError(
      "binary-content",
      `El archivo no contiene texto legible (parece un archivo binario con otro nombre). Usa ${ACCEPTED_FORMATS}.`,
    );
  }
  try {
    // ignoreBOM: false (the default) drops a UTF-8 BOM.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), warnings };
  } catch {
    // Not UTF-8 but clean text: almost always a Windows "ANSI" file in Chile.
    warnings.push(
      "El archivo no estaba en UTF-8; se leyó como Windows-1252 (ANSI). Revisa que tildes y eñes se vean bien.",
    );
    return { text: new TextDecoder("windows-1252").decode(bytes), warnings };
  }
}

export async function readPracticeDocument(bytes: Uint8Array, filename: string): Promise<PracticeDocumentText> {
  if (bytes.byteLength > MAX_PRACTICE_DOCUMENT_BYTES) {
    throw new PracticeDocumentError(
      "too-large",
      `El archivo pesa ${formatMegabytes(bytes.byteLength)} MB y el máximo permitido es 10 MB. ` +
        "Quita imágenes o divide el documento.",
    );
  }
  if (bytes.byteLength === 0) throw new PracticeDocumentError("empty", "El archivo está vacío.");

  const extension = extensionOf(filename);
  const format = await detectFileFormat(bytes);
  let read: PracticeDocumentText;

  // A .docx is a ZIP container; a plain "zip" may still be one file-type could not place.
  if (format?.ext === "docx" || format?.ext === "zip") {
    read = await readDocx(bytes, extension);
  } else if (format) {
    const advice =
      format.ext === "cfb" || format.ext === "rtf" || format.ext === "odt"
        ? "Ábrelo en Word y guárdalo como .docx."
        : format.ext === "pdf"
          ? "Copia el texto del PDF en un .docx o .txt, o pégalo directamente en el formulario."
          : `Usa ${ACCEPTED_FORMATS}.`;
    throw new PracticeDocumentError(
      "unsupported-format",
      `El archivo «${filename}» es ${format.description}, no un documento de texto. ${advice}`,
    );
  } else if (extension === "docx") {
    throw new PracticeDocumentError(
      "invalid-docx",
      `El archivo «${filename}» dice ser .docx pero su contenido no es un documento Word. ` +
        "Ábrelo en Word y guárdalo de nuevo como .docx.",
    );
  } else if (!TEXT_EXTENSIONS.has(extension)) {
    throw new PracticeDocumentError(
      "unsupported-format",
      `No se pueden importar archivos «${extension ? `.${extension}` : filename}». Usa ${ACCEPTED_FORMATS}.`,
    );
  } else {
    read = decodeText(bytes);
  }

  const text = normalizeNewlines(read.text).replace(/^\uFEFF/, "");
  if (!text.trim()) throw new PracticeDocumentError("empty", "El documento no tiene texto.");
  return { text, warnings: read.warnings };
}
