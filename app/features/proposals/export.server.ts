import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { CallSection, ProposalContent } from "~/db/schema/proposals";
import type { PmJsonNode } from "~/editor/document-text";
import { budgetTotal, parseClpAmount } from "~/editor/proposal-doc";
import { formatClp } from "./rules.ts";

/*
 * The application as a Word document, in the call's section order with the
 * budget table: what offices attach to SENCE's forms or print for signatures.
 */

export interface ExportInput {
  title: string;
  networkName: string;
  callName: string;
  themeLabel: string;
  statusLabel: string;
  responsibleOffices: string[];
  sections: CallSection[];
  content: ProposalContent;
  /** Files attached in the portal: the call's requirement (or "Otro documento") and the file name. */
  attachments?: { requirement: string; filename: string }[];
  /** e.g. "Copia congelada enviada el 22 de noviembre de 2026, 18:30". */
  note?: string;
}

type Mark = { type: string };
const runsOf = (node: PmJsonNode, marks: Mark[] = []): TextRun[] => {
  if (node.type === "text") {
    const all = [...marks, ...((node.marks as Mark[] | undefined) ?? [])];
    const has = (t: string) => all.some((m) => m.type === t);
    return [new TextRun({ text: node.text ?? "", bold: has("bold"), italics: has("italic"), strike: has("strike"), underline: has("underline") ? {} : undefined })];
  }
  if (node.type === "hardBreak") return [new TextRun({ text: "", break: 1 })];
  return (node.content ?? []).flatMap((child) => runsOf(child, marks));
};

/** Block nodes of a section as docx paragraphs (lists flattened with their bullet or number). */
function paragraphsOf(node: PmJsonNode, prefix = ""): Paragraph[] {
  const out: Paragraph[] = [];
  for (const child of node.content ?? []) {
    switch (child.type) {
      case "paragraph":
        out.push(new Paragraph({ children: [...(prefix ? [new TextRun(prefix)] : []), ...runsOf(child)] }));
        prefix = "";
        break;
      case "heading":
        out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: runsOf(child) }));
        break;
      case "bulletList":
        for (const item of child.content ?? []) out.push(...paragraphsOf(item, "• "));
        break;
      case "orderedList":
        (child.content ?? []).forEach((item, i) => out.push(...paragraphsOf(item, `${i + 1}. `)));
        break;
      case "blockquote":
        out.push(...paragraphsOf(child, "» "));
        break;
      default:
        if (child.content) out.push(...paragraphsOf(child));
    }
  }
  return out;
}

const cell = (text: string, bold = false, right = false) =>
  new TableCell({ children: [new Paragraph({ alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold })] })] });

function budgetTable(content: ProposalContent): Table {
  const rows = content.budget.filter((r) => r.item.trim() || r.description.trim() || r.amount.trim());
  const { total } = budgetTotal(rows);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: [cell("Ítem", true), cell("Descripción", true), cell("Monto (CLP)", true, true)] }),
      ...rows.map((r) => {
        const amount = parseClpAmount(r.amount);
        return new TableRow({ children: [cell(r.item), cell(r.description), cell(amount === null ? `${r.amount} (no es un monto válido)` : formatClp(amount), false, true)] });
      }),
      new TableRow({ children: [cell("Total", true), cell(""), cell(formatClp(total), true, true)] }),
    ],
  });
}

export async function proposalDocx(input: ExportInput): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] }),
    new Paragraph({ children: [new TextRun({ text: "Convocatoria: ", bold: true }), new TextRun(input.callName)] }),
    new Paragraph({ children: [new TextRun({ text: "Red: ", bold: true }), new TextRun(input.networkName)] }),
    new Paragraph({ children: [new TextRun({ text: "Tema: ", bold: true }), new TextRun(input.themeLabel)] }),
    new Paragraph({ children: [new TextRun({ text: "OMIL responsables: ", bold: true }), new TextRun(input.responsibleOffices.join(", "))] }),
    new Paragraph({ children: [new TextRun({ text: "Estado: ", bold: true }), new TextRun(input.statusLabel)] }),
  ];
  if (input.note) children.push(new Paragraph({ children: [new TextRun({ text: input.note, italics: true })] }));
  for (const section of input.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.title)] }));
    const json = input.content.sections[section.key]?.json as PmJsonNode | undefined;
    const paragraphs = json ? paragraphsOf(json) : [];
    children.push(...(paragraphs.length ? paragraphs : [new Paragraph({ children: [new TextRun({ text: "(sin contenido)", italics: true })] })]));
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("Presupuesto")] }), budgetTable(input.content));
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("Documentos adjuntos")] }));
  const attachments = input.attachments ?? [];
  children.push(
    ...(attachments.length
      ? attachments.map((a) => new Paragraph({ children: [new TextRun("• "), new TextRun({ text: `${a.requirement}: `, bold: true }), new TextRun(a.filename)] }))
      : [new Paragraph({ children: [new TextRun({ text: "(sin documentos adjuntos)", italics: true })] })]),
  );
  const document = new Document({ creator: "Red OMIL", title: input.title, sections: [{ children }] });
  return Packer.toBuffer(document);
}
