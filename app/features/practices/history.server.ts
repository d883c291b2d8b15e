/** Revision history with readable diffs (each revision against the one before). */
import type { DbOrTx } from "~/db/client.server";
import { diffWords, type DiffPart } from "~/utils/text-diff";
import { listPracticeRevisions, type PracticeSnapshot } from "./practices.server.ts";
import { PRACTICE_SECTIONS } from "./template.ts";
import { labelsFor, loadPracticeTaxonomies } from "./taxonomies.server.ts";
import comunasData from "../../../content/territory/comunas.json";
import regionsData from "../../../content/territory/regions.json";

/** Names, not codes: "Región de Ñuble", not "16" (an unknown code is shown as stored). */
const regionLabel = (code: string | null | undefined) => (code ? (regionsData.find((r) => r.code === code)?.name ?? code) : "");
const comunaLabel = (code: string) => comunasData.find((c) => c.code === code)?.name ?? code;

export async function practiceHistory(db: DbOrTx, practiceId: string) {
  const taxonomies = await loadPracticeTaxonomies(db, { includeRetired: true });
  const revisions = await listPracticeRevisions(db, practiceId);
  const s = (x: Record<string, unknown>) => x as unknown as PracticeSnapshot;
  const fields = [
    { key: "title", label: "Título", read: (x: Record<string, unknown>) => s(x).title ?? "" },
    { key: "organizationName", label: "Organización", read: (x: Record<string, unknown>) => s(x).organizationName ?? "" },
    { key: "regionCode", label: "Región", read: (x: Record<string, unknown>) => regionLabel(s(x).regionCode) },
    { key: "year", label: "Año", read: (x: Record<string, unknown>) => String(s(x).year ?? "") },
    { key: "comunaCodes", label: "Comunas", read: (x: Record<string, unknown>) => (s(x).comunaCodes ?? []).map(comunaLabel).join(", ") },
    { key: "ambitos", label: "Ámbitos impactados", read: (x: Record<string, unknown>) => labelsFor(taxonomies.ambitos, s(x).ambitos ?? []).join("\n") },
    { key: "beneficiarios", label: "Beneficiarios", read: (x: Record<string, unknown>) => labelsFor(taxonomies.beneficiarios, s(x).beneficiarios ?? []).join("\n") },
    { key: "links", label: "Enlaces", read: (x: Record<string, unknown>) => (s(x).links ?? []).map((l) => l.url).join("\n") },
    ...PRACTICE_SECTIONS.filter((sec) => sec.kind === "rich").map((sec) => ({
      key: sec.key,
      label: sec.label,
      read: (x: Record<string, unknown>) => s(x).sections?.[sec.key] ?? "",
    })),
  ];
  // Newest first; each compared with the previous (older) one.
  return revisions.map((rev, index) => ({
    number: rev.number,
    note: rev.note,
    authorName: rev.authorName,
    createdAt: rev.createdAt.toISOString(),
    changes: diffSnapshots(revisions[index + 1]?.snapshot ?? null, rev.snapshot, fields),
  }));
}

export interface FieldChange {
  label: string;
  parts: DiffPart[];
}

/** The changed fields between two snapshots, labelled in Spanish, in the template's order. */
export function diffSnapshots(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  labels: readonly { key: string; label: string; read(snapshot: Record<string, unknown>): string }[],
): FieldChange[] {
  return labels
    .map(({ label, read }) => ({ label, before: before ? read(before) : "", after: read(after) }))
    .filter((f) => f.before !== f.after)
    .map((f) => ({ label: f.label, parts: diffWords(f.before, f.after) }));
}
