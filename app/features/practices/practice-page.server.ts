import { getActor, notFound } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { listAttachments } from "./attachments.server.ts";
import { findReadablePractice, practiceResource } from "./practices.server.ts";
import { findSimilarPractices } from "./similar.server.ts";
import { PRACTICE_SECTION_GROUPS, PRACTICE_SECTIONS } from "./template.ts";
import { practiceView } from "./view.server.ts";

/**
 * What the practice page (/buenas-practicas/:slug, public when published) shows, ready to render:
 * dates formatted, the sections to show with their headings. Only that travels in the page's
 * data, and its JavaScript needs no date library, template or permission rules (docs/decisions/0125).
 */
export async function loadPracticePage(request: Request, slug: string) {
  const actor = await getActor(request);
  const db = getDb();
  const row = await findReadablePractice(db, actor, slug);
  if (!row) throw notFound("No encontramos esa buena práctica.");
  const resource = practiceResource(row);
  const [view, attachments, similar] = await Promise.all([practiceView(db, row), listAttachments(db, row.id), findSimilarPractices(db, row)]);
  const shown = PRACTICE_SECTIONS.filter((s) => s.kind === "rich" && s.key !== "unclassified" && view.html[s.key]);
  const { html, text: _text, ...practice } = view;
  return {
    practice: { ...practice, publishedOn: view.publishedAt ? formatDateTime(view.publishedAt, "d 'de' MMMM 'de' yyyy") : null },
    sections: shown.map((s, index) => ({
      key: s.key,
      label: s.label,
      // A group heading before the first shown section of each group.
      groupHeading: s.group !== shown[index - 1]?.group ? PRACTICE_SECTION_GROUPS[s.group].label : null,
      html: html[s.key],
    })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, contentType: a.contentType })),
    similar,
    canEdit: can(actor, "update", resource),
    canSeeHistory: can(actor, "comment", resource) || can(actor, "update", resource),
  };
}
