import { eq, sql } from "drizzle-orm";
import sanitizeHtml from "sanitize-html";
import * as Y from "yjs";
import type { DbOrTx } from "~/db/client.server";
import { collabDocuments, collabUpdates } from "~/db/schema";
import { formatDocumentName } from "~/collab/document-name";
import { settleLiveDocument } from "~/collab/live-documents.server";
import { createDatabaseStore } from "../../../collab-server/persistence";

/*
 * Reads a meeting's minutes from the collaborative document itself (snapshot
 * plus the updates appended since), so exports and "enviar minuta" always use
 * the latest stored text even if no derived copy was written yet.
 */

/** The Y.XmlFragment the minutes editor binds to. */
export const MINUTES_FIELD = "minutes";

export interface MinutesRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}
export interface MinutesBlock {
  kind: "heading" | "paragraph" | "bullet" | "ordered" | "quote";
  level?: number;
  runs: MinutesRun[];
}

export const meetingDocumentName = (activityId: string) => formatDocumentName({ kind: "meeting", id: activityId });

/** Snapshot and log read in one statement: a compaction between two reads could otherwise hide rows. */
export async function loadMinutesDocument(db: DbOrTx, activityId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const stored = await createDatabaseStore(db).load(meetingDocumentName(activityId));
  stored?.updates.forEach((update) => Y.applyUpdate(doc, update));
  return doc;
}

function runsOf(text: Y.XmlText): MinutesRun[] {
  return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
    .filter((d) => typeof d.insert === "string")
    .map((d) => ({ text: d.insert as string, bold: !!d.attributes?.bold, italic: !!d.attributes?.italic }));
}

function inlineRuns(el: Y.XmlElement | Y.XmlFragment): MinutesRun[] {
  const runs: MinutesRun[] = [];
  for (const child of el.toArray()) {
    if (child instanceof Y.XmlText) runs.push(...runsOf(child));
    else if (child instanceof Y.XmlElement && child.nodeName === "hardBreak") runs.push({ text: "\n" });
    else if (child instanceof Y.XmlElement) runs.push(...inlineRuns(child));
  }
  return runs;
}

/** ProseMirror nodes (as stored by y-prosemirror) → flat blocks for HTML, text and DOCX. */
export function minutesBlocks(doc: Y.Doc): MinutesBlock[] {
  const blocks: MinutesBlock[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment, list?: "bullet" | "ordered") => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      switch (child.nodeName) {
        case "heading":
          blocks.push({ kind: "heading", level: Number(child.getAttribute("level") ?? 2), runs: inlineRuns(child) });
          break;
        case "paragraph":
          blocks.push({ kind: list ?? "paragraph", runs: inlineRuns(child) });
          break;
        case "bulletList":
          walk(child, "bullet");
          break;
        case "orderedList":
          walk(child, "ordered");
          break;
        case "listItem":
          walk(child, list);
          break;
        case "blockquote":
          for (const b of child.toArray()) if (b instanceof Y.XmlElement) blocks.push({ kind: "quote", runs: inlineRuns(b) });
          break;
        default:
          walk(child, list);
      }
    }
  };
  walk(doc.getXmlFragment(MINUTES_FIELD));
  return blocks.filter((b) => b.runs.some((r) => r.text.trim()));
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const runHtml = (r: MinutesRun) => {
  let html = escape(r.text).replace(/\n/g, "<br>");
  if (r.bold) html = `<strong>${html}</strong>`;
  if (r.italic) html = `<em>${html}</em>`;
  return html;
};

export function blocksToHtml(blocks: MinutesBlock[]): string {
  const out: string[] = [];
  let openList: "ul" | "ol" | null = null;
  for (const b of blocks) {
    const want = b.kind === "bullet" ? "ul" : b.kind === "ordered" ? "ol" : null;
    if (openList && openList !== want) {
      out.push(`</${openList}>`);
      openList = null;
    }
    if (want && !openList) {
      out.push(`<${want}>`);
      openList = want;
    }
    const inner = b.runs.map(runHtml).join("");
    if (b.kind === "heading") out.push(`<h${Math.min(Math.max(b.level ?? 2, 2), 4)}>${inner}</h${Math.min(Math.max(b.level ?? 2, 2), 4)}>`);
    else if (want) out.push(`<li>${inner}</li>`);
    else if (b.kind === "quote") out.push(`<blockquote><p>${inner}</p></blockquote>`);
    else out.push(`<p>${inner}</p>`);
  }
  if (openList) out.push(`</${openList}>`);
  // Built from escaped text only, sanitized anyway: this HTML is stored and emailed.
  return sanitizeHtml(out.join(""), { allowedTags: ["h2", "h3", "h4", "p", "ul", "ol", "li", "blockquote", "strong", "em", "br"], allowedAttributes: {} });
}

export function blocksToText(blocks: MinutesBlock[]): string {
  return blocks
    .map((b) => {
      const text = b.runs.map((r) => r.text).join("");
      return b.kind === "bullet" || b.kind === "ordered" ? `- ${text}` : b.kind === "heading" ? text.toUpperCase() : text;
    })
    .join("\n\n");
}

/** The minutes as exports show them: the live document once this process's accepted edits are written (see settleLiveDocument). */
export async function readLiveMinutes(db: DbOrTx, activityId: string) {
  await settleLiveDocument(meetingDocumentName(activityId));
  return readMinutes(db, activityId);
}

/** The minutes as blocks, HTML and plain text, read from the stored Y.Doc. */
export async function readMinutes(db: DbOrTx, activityId: string) {
  const doc = await loadMinutesDocument(db, activityId);
  const blocks = minutesBlocks(doc);
  doc.destroy();
  return { blocks, html: blocksToHtml(blocks), text: blocksToText(blocks) };
}

/** Does a stored document exist for this meeting (someone already wrote minutes)? */
export async function hasMinutesDocument(db: DbOrTx, activityId: string): Promise<boolean> {
  const name = formatDocumentName({ kind: "meeting", id: activityId });
  const [row] = await db.select({ n: sql<number>`1` }).from(collabUpdates).where(eq(collabUpdates.name, name)).limit(1);
  const [snap] = await db.select({ n: sql<number>`1` }).from(collabDocuments).where(eq(collabDocuments.name, name)).limit(1);
  return !!row || !!snap;
}
