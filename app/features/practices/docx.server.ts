/**
 * The practice as a Word document, in the template's order, so an office can
 * print it, adapt it or attach it to a report.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { PRACTICE_SECTION_GROUPS, PRACTICE_SECTIONS } from "./template.ts";

export interface PracticeForExport {
  title: string;
  organizationName: string;
  regionName: string;
  year: number | null;
  comunas: string[];
  ambitos: string[];
  beneficiarios: string[];
  links: { url: string; label?: string }[];
  sections: Record<string, string>;
  url: string;
}

/** **bold** and *italic* spans of one line as runs. */
function runs(line: string): TextRun[] {
  return line
    .split(/(\*\*[^*]+\*\*|\*[^*]+\*)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith("**") && part.endsWith("**")
        ? new TextRun({ text: part.slice(2, -2), bold: true })
        : part.startsWith("*") && part.endsWith("*") && part.length > 2
          ? new TextRun({ text: part.slice(1, -1), italics: true })
          : new TextRun(part),
    );
}

function textToParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const item = /^(\s*)(?:[-*•]|(\d{1,3})[.)])\s+(.*)$/.exec(line);
    if (item) {
      const level = Math.min(3, Math.floor(item[1].length / 2));
      out.push(item[2] ? new Paragraph({ children: [new TextRun(`${item[2]}. `), ...runs(item[3])], indent: { left: 360 * (level + 1) } }) : new Paragraph({ children: runs(item[3]), bullet: { level } }));
    } else {
      out.push(new Paragraph({ children: runs(line.replace(/^#+\s*/, "")) }));
    }
  }
  return out;
}

export async function practiceToDocx(p: PracticeForExport): Promise<Buffer> {
  const children: Paragraph[] = [new Paragraph({ text: p.title, heading: HeadingLevel.TITLE })];
  const meta: [string, string][] = [
    ["Organización que aplica la práctica", p.organizationName],
    ["Región", p.regionName],
    ["Año", p.year ? String(p.year) : ""],
    ["Comunas", p.comunas.join(", ")],
  ];
  for (const [label, value] of meta) if (value) children.push(new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] }));
  const lists: [string, string[]][] = [
    ["Ámbitos impactados", p.ambitos],
    ["Beneficiarios", p.beneficiarios],
  ];
  for (const [label, values] of lists) {
    if (!values.length) continue;
    children.push(new Paragraph({ text: label, heading: HeadingLevel.HEADING_2 }));
    for (const v of values) children.push(new Paragraph({ text: v, bullet: { level: 0 } }));
  }
  let group = "";
  for (const section of PRACTICE_SECTIONS) {
    if (section.kind !== "rich" || section.key === "unclassified") continue;
    const text = p.sections[section.key]?.trim();
    if (!text) continue;
    if (section.group !== group) {
      group = section.group;
      children.push(new Paragraph({ text: PRACTICE_SECTION_GROUPS[section.group].label, heading: HeadingLevel.HEADING_1 }));
    }
    children.push(new Paragraph({ text: section.label, heading: HeadingLevel.HEADING_2 }), ...textToParagraphs(text));
  }
  if (p.links.length) {
    children.push(new Paragraph({ text: "Enlaces", heading: HeadingLevel.HEADING_2 }));
    for (const l of p.links) children.push(new Paragraph({ text: l.label ? `${l.label}: ${l.url}` : l.url, bullet: { level: 0 } }));
  }
  children.push(new Paragraph({ children: [new TextRun({ text: `Fuente: ${p.url}`, italics: true, size: 18 })] }));
  const doc = new Document({ creator: "Red OMIL", title: p.title, language: "es-CL", sections: [{ children }] } as ConstructorParameters<typeof Document>[0]);
  return Packer.toBuffer(doc);
}
