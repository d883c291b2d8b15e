import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from "docx";
import { describe, expect, it } from "vitest";
import { detectFileFormat } from "~/features/practices/import/file-format.server";
import { parsePracticeText } from "~/features/practices/import/parse-practice";
import {
  MAX_PRACTICE_DOCUMENT_BYTES,
  PracticeDocumentError,
  readPracticeDocument,
} from "~/features/practices/import/read-document.server";

// 1×1 transparent PNG.
const PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
const text = (value: string) => new Paragraph({ text: value });
const bullet = (value: string) => new Paragraph({ text: value, bullet: { level: 0 } });
const numbered = (value: string) => new Paragraph({ text: value, numbering: { reference: "pasos", level: 0 } });

async function buildDocx(): Promise<Uint8Array> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "pasos",
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: "Documentación Buenas Prácticas", heading: HeadingLevel.HEADING_1 }),
          heading("Título Buena Práctica"),
          text("Ruta de alcaldes en Ñuble"),
          heading("Organización que aplica esta Buena Práctica"),
          new Paragraph({
            children: [new TextRun({ text: "Organización: ", bold: true }), new TextRun("Dirección Regional de Ñuble")],
          }),
          heading("Ámbitos Impactados por la Buena Práctica"),
          bullet("Articulación intramunicipal"),
          bullet("Comunicaciones, identidad pública y reputación de la OMIL"),
          heading("Beneficiarios de esta Buena Práctica"),
          bullet("OMIL del municipio"),
          bullet("Municipio"),
          heading("Justificación de la calificación como Buena Práctica"),
          new Paragraph({ text: "Efectividad de la Buena Práctica", heading: HeadingLevel.HEADING_3 }),
          new Paragraph({
            children: [
              new TextRun("Cuatro de seis comunas cumplieron "),
              new TextRun({ text: "al menos un acuerdo", bold: true }),
              new TextRun("."),
            ],
          }),
          new Paragraph({ text: "Replicabilidad de la Buena Práctica", heading: HeadingLevel.HEADING_3 }),
          text("Cualquier Dirección Regional puede hacerlo."),
          heading("Descripción de la Buena Práctica"),
          heading("¿Cómo surgió?"),
          text("Hubo cambio de alcaldes tras la elección."),
          new Paragraph({ children: [new ImageRun({ type: "png", data: PNG, transformation: { width: 10, height: 10 } })] }),
          heading("Beneficios de su aplicación"),
          bullet("Las autoridades conocen a su OMIL."),
          bullet("La OMIL llega con datos."),
          heading("Impacto"),
          new Paragraph({
            children: [
              new TextRun("Más detalles en "),
              new ExternalHyperlink({ link: "https://www.sence.gob.cl", children: [new TextRun("el sitio de SENCE")] }),
              new TextRun("."),
            ],
          }),
          heading("Detalle de cómo se implementó"),
          text("Los pasos:"),
          numbered("Agrupar comunas vecinas."),
          numbered("Pedir audiencia."),
          numbered("Reunión de 30 minutos."),
          heading("Dificultades para Implementarla"),
          text("Agendas que cambian."),
          heading("Personas que debieran estar involucradas en la implementación"),
          text("Director regional, encargados OMIL y alcaldes."),
          heading("Necesidades para su Implementación"),
          text("Vehículo y conductor."),
          heading("Propuestas de mejora"),
          text("Repetirla cada año."),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function refusal(bytes: Uint8Array, filename: string): Promise<PracticeDocumentError> {
  const error = await readPracticeDocument(bytes, filename).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PracticeDocumentError);
  return error as PracticeDocumentError;
}

describe("readPracticeDocument: Word", () => {
  it("a .docx built with the docx package round-trips into every field", async () => {
    const { text, warnings } = await readPracticeDocument(await buildDocx(), "ruta-alcaldes.docx");
    expect(warnings).toEqual(["El documento tenía una imagen; las imágenes no se importan."]);
    expect(text).toContain("## Título Buena Práctica");

    const practice = parsePracticeText(text);
    expect(practice.warnings).toEqual([]);
    expect(practice.unclassified).toBe("");
    expect(practice.title).toBe("Ruta de alcaldes en Ñuble");
    expect(practice.organization).toBe("Dirección Regional de Ñuble");
    expect(practice.ambitos).toEqual([
      "Articulación intramunicipal",
      "Comunicaciones, identidad pública y reputación de la OMIL",
    ]);
    expect(practice.beneficiarios).toEqual(["OMIL del municipio", "Municipio"]);
    expect(practice.effectiveness).toBe("Cuatro de seis comunas cumplieron **al menos un acuerdo**.");
    expect(practice.replicability).toBe("Cualquier Dirección Regional puede hacerlo.");
    expect(practice.origin).toBe("Hubo cambio de alcaldes tras la elección.");
    expect(practice.benefits).toBe("- Las autoridades conocen a su OMIL.\n- La OMIL llega con datos.");
    expect(practice.impact).toBe("Más detalles en el sitio de SENCE (https://www.sence.gob.cl).");
    expect(practice.implementation).toBe(
      "Los pasos:\n\n1. Agrupar comunas vecinas.\n2. Pedir audiencia.\n3. Reunión de 30 minutos.",
    );
    expect(practice.difficulties).toBe("Agendas que cambian.");
    expect(practice.peopleInvolved).toBe("Director regional, encargados OMIL y alcaldes.");
    expect(practice.needs).toBe("Vehículo y conductor.");
    expect(practice.improvements).toBe("Repetirla cada año.");
  });

  it("detects Word by content, not by name", async () => {
    const { text, warnings } = await readPracticeDocument(await buildDocx(), "practica.txt");
    expect(parsePracticeText(text).title).toBe("Ruta de alcaldes en Ñuble");
    expect(warnings[0]).toBe("El archivo tenía extensión «.txt» pero es un documento Word; se leyó como Word.");
  });

  it("refuses a ZIP that is not a Word document", async () => {
    const emptyZip = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    const error = await refusal(emptyZip, "practica.docx");
    expect(error.code).toBe("invalid-docx");
    expect(error.message).toMatch(/no un documento Word \(\.docx\) válido/);
  });
});

describe("readPracticeDocument: text files", () => {
  it("reads UTF-8 markdown and strips the BOM", async () => {
    const bytes = new TextEncoder().encode("\uFEFF## Título\r\n\r\nMesa de Ñuble\r\n");
    const { text, warnings } = await readPracticeDocument(bytes, "practica.md");
    expect(text).toBe("## Título\n\nMesa de Ñuble\n");
    expect(warnings).toEqual([]);
  });

  it("reads UTF-16 files saved by Notepad", async () => {
    const body = Buffer.from("Título: Ñuble", "utf16le");
    const { text } = await readPracticeDocument(Uint8Array.from([0xff, 0xfe, ...body]), "practica.txt");
    expect(text).toBe("Título: Ñuble");
  });

  it("reads Windows-1252 (ANSI) files with a warning", async () => {
    // "Región de Ñuble" in Windows-1252: ó = 0xF3, Ñ = 0xD1.
    const bytes = Uint8Array.from([...Buffer.from("Regi", "latin1"), 0xf3, ...Buffer.from("n de ", "latin1"), 0xd1, ...Buffer.from("uble", "latin1")]);
    const { text, warnings } = await readPracticeDocument(bytes, "practica.TXT");
    expect(text).toBe("Región de Ñuble");
    expect(warnings[0]).toMatch(/no estaba en UTF-8.*Windows-1252/);
  });
});

describe("readPracticeDocument: refusals (Spanish reasons)", () => {
  it.each([
    ["a PNG renamed .txt", PNG, "foto.txt", "unsupported-format", /es una imagen PNG, no un documento de texto/],
    ["a PNG renamed .docx", PNG, "foto.docx", "unsupported-format", /es una imagen PNG/],
    ["a PDF renamed .docx", PDF, "informe.docx", "unsupported-format", /es un PDF.*Copia el texto del PDF/],
    ["a PDF renamed .txt", PDF, "informe.txt", "unsupported-format", /es un PDF/],
    [
      "an old binary .doc",
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
      "practica.doc",
      "unsupported-format",
      /Office antiguo.*guárdalo como \.docx/,
    ],
    ["binary data named .txt", Uint8Array.from([0x41, 0x00, 0x42, 0x13, 0x00]), "datos.txt", "binary-content", /no contiene texto legible/],
    ["text named .docx", new TextEncoder().encode("Título: hola"), "practica.docx", "invalid-docx", /dice ser \.docx/],
    ["text named .pdf", new TextEncoder().encode("Título: hola"), "practica.pdf", "unsupported-format", /No se pueden importar archivos «\.pdf»/],
    ["an empty file", new Uint8Array(0), "vacio.txt", "empty", /El archivo está vacío/],
    ["a file with only spaces", new TextEncoder().encode(" \n\t\n"), "vacio.md", "empty", /no tiene texto/],
  ] as const)("refuses %s", async (_name, bytes, filename, code, message) => {
    const error = await refusal(bytes, filename);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("refuses files over 10 MB before looking at them", async () => {
    const error = await refusal(new Uint8Array(MAX_PRACTICE_DOCUMENT_BYTES + 1), "grande.txt");
    expect(error.code).toBe("too-large");
    expect(error.message).toBe(
      "El archivo pesa 10 MB y el máximo permitido es 10 MB. Quita imágenes o divide el documento.",
    );
    const bigger = await refusal(new Uint8Array(12.5 * 1024 * 1024), "grande.docx");
    expect(bigger.message).toMatch(/^El archivo pesa 12,5 MB/);
  });

  it("accepts exactly 10 MB of text", async () => {
    const bytes = new Uint8Array(MAX_PRACTICE_DOCUMENT_BYTES).fill(0x61);
    const { text } = await readPracticeDocument(bytes, "limite.txt");
    expect(text).toHaveLength(MAX_PRACTICE_DOCUMENT_BYTES);
  });
});

describe("detectFileFormat (file-type)", () => {
  const ascii = (value: string) => new TextEncoder().encode(value);

  it("names common formats by their content, in Spanish", async () => {
    expect((await detectFileFormat(PNG))?.ext).toBe("png");
    expect((await detectFileFormat(PDF))?.description).toBe("un PDF");
    expect((await detectFileFormat(await buildDocx()))?.ext).toBe("docx");
    expect((await detectFileFormat(ascii("{\\rtf1\\ansi")))?.ext).toBe("rtf");
  });

  it("does not mistake text for a format", async () => {
    expect(await detectFileFormat(ascii("## Título\n\nWEBP y PDF en el texto"))).toBeNull();
    expect(await detectFileFormat(ascii("Impacto: PK"))).toBeNull();
    expect(await detectFileFormat(ascii('<?xml version="1.0"?><nota>texto</nota>'))).toBeNull();
    expect(await detectFileFormat(new Uint8Array(0))).toBeNull();
  });
});
