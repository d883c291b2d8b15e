/**
 * Good practices: loading with permission scoping, creation, edits with
 * revisions, the review workflow and comments. Every write enqueues an index
 * sync row in the same transaction (see search/outbox.server.ts), so the
 * database stays the truth and Meilisearch catches up on its own.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import {
  practiceComments,
  practiceRevisions,
  practices,
  type PracticeLinkValue,
  type PracticeOrganizationType,
  type PracticeRichContent,
  type PracticeStatus,
} from "~/db/schema";
import type { Actor, MaybeActor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import type { PracticeResource } from "~/permissions/rules/practices";
import { recordAudit } from "~/features/audit/record.server";
import { foldAccents } from "~/utils/text";
import { PRACTICE_STATUS_LABELS } from "./labels.ts";
import { RICH_SECTION_KEYS } from "./schema.ts";
import { enqueuePracticeSync } from "./search/enqueue.server.ts";

export type PracticeRow = typeof practices.$inferSelect;

export interface PracticeInput {
  title: string;
  organizationName: string;
  organizationType: PracticeOrganizationType;
  regionCode: string | null;
  year: number | null;
  comunaCodes: string[];
  ambitos: string[];
  beneficiarios: string[];
  links: PracticeLinkValue[];
  content: PracticeRichContent;
}

/** What a revision keeps: every field, rich sections as text (the diffable form). */
export interface PracticeSnapshot extends Omit<PracticeInput, "content" | "organizationType"> {
  sections: Record<string, string>;
}

/** Who made a change: a person, or the system (demo load, batch import). */
export type ChangeAuthor = { id: string | null; name: string };
export const authorOf = (actor: Actor): ChangeAuthor => ({ id: actor.userId, name: actor.name });

export function practiceResource(row: Pick<PracticeRow, "status" | "regionCode" | "ownerOrganizationId">): PracticeResource {
  return { type: "practice", status: row.status, regionCode: row.regionCode, ownerOrganizationId: row.ownerOrganizationId };
}

export async function findReadablePractice(db: DbOrTx, actor: MaybeActor, slug: string): Promise<PracticeRow | undefined> {
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) return undefined;
  const [row] = await db.select().from(practices).where(eq(practices.slug, slug));
  if (!row || !can(actor, "read", practiceResource(row))) return undefined;
  return row;
}

export function snapshotOf(input: Omit<PracticeInput, "organizationType">): PracticeSnapshot {
  const { content, ...rest } = input;
  return { ...rest, sections: Object.fromEntries(RICH_SECTION_KEYS.map((k) => [k, content[k]?.text ?? ""])) };
}

export function slugify(title: string): string {
  const base = foldAccents(title)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/, "");
  return base || "practica";
}

async function freeSlug(db: DbOrTx, wanted: string): Promise<string> {
  const rows = await db
    .select({ slug: practices.slug })
    .from(practices)
    .where(sql`${practices.slug} = ${wanted} or ${practices.slug} like ${`${wanted}-%`}`);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n += 1) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export async function createPractice(
  db: Database,
  author: ChangeAuthor,
  input: PracticeInput & { ownerOrganizationId: string | null; slug?: string; status?: PracticeStatus },
  note: string,
  auditAction: "practice.created" | "practice.imported" = "practice.created",
): Promise<PracticeRow> {
  return db.transaction(async (tx) => {
    const slug = await freeSlug(tx, input.slug ?? slugify(input.title));
    const status = input.status ?? "draft";
    const [row] = await tx
      .insert(practices)
      .values({ ...input, slug, status, createdBy: author.id, publishedAt: status === "published" ? new Date() : null })
      .returning();
    await tx.insert(practiceRevisions).values({ practiceId: row.id, number: 1, note, snapshot: { ...snapshotOf(input) }, authorId: author.id, authorName: author.name });
    await enqueuePracticeSync(tx, row.id);
    await recordAudit(tx, { action: auditAction, resource: practiceAuditResource(row), regionCode: row.regionCode, details: { estado: row.status, nota: note } });
    return row;
  });
}

export const practiceAuditResource = (p: Pick<PracticeRow, "id" | "title">) => ({ type: "practice" as const, id: p.id, label: p.title });

/** A signed-in person's download of a practice; anonymous downloads of published practices are public reading, not logged. */
export async function recordPracticeExport(db: DbOrTx, practice: PracticeRow, actor: Actor, format: "docx") {
  await recordAudit(db, { action: "practice.exported", resource: practiceAuditResource(practice), regionCode: practice.regionCode, actor, details: { formato: format } });
}

/** Consecutive autosaves by the same person within this window update one revision instead of piling up. */
const COALESCE_MS = 30 * 60 * 1000;

export async function updatePractice(
  db: Database,
  author: ChangeAuthor,
  practice: PracticeRow,
  input: PracticeInput,
  /** `audit`: this edit is one the log keeps (a re-import); ordinary edits and autosaves are kept by the revisions. */
  options: { note?: string; coalesce?: boolean; audit?: "practice.imported" } = {},
): Promise<PracticeRow> {
  return db.transaction(async (tx) => {
    const snapshot = { ...snapshotOf(input) };
    const [last] = await tx
      .select()
      .from(practiceRevisions)
      .where(eq(practiceRevisions.practiceId, practice.id))
      .orderBy(desc(practiceRevisions.number))
      .limit(1);
    const unchanged = last && JSON.stringify(last.snapshot) === JSON.stringify(snapshot);
    const coalesce =
      options.coalesce && last && practice.status !== "published" && last.authorId === author.id && Date.now() - last.createdAt.getTime() < COALESCE_MS && last.number > 1;
    let revision = practice.revision;
    if (unchanged) {
      // Nothing changed: no new revision, no index work.
    } else if (coalesce) {
      await tx.update(practiceRevisions).set({ snapshot, createdAt: new Date() }).where(eq(practiceRevisions.id, last.id));
    } else {
      revision = (last?.number ?? 0) + 1;
      await tx
        .insert(practiceRevisions)
        .values({ practiceId: practice.id, number: revision, note: options.note ?? "Editada", snapshot, authorId: author.id, authorName: author.name });
    }
    const [row] = await tx
      .update(practices)
      .set({ ...input, revision, updatedAt: new Date() })
      .where(eq(practices.id, practice.id))
      .returning();
    if (!unchanged) await enqueuePracticeSync(tx, practice.id);
    if (options.audit) await recordAudit(tx, { action: options.audit, resource: practiceAuditResource(row), regionCode: row.regionCode, details: { nota: options.note ?? null, revision } });
    return row;
  });
}

const TRANSITIONS = {
  submit: { to: "in_review", kind: "submitted" },
  publish: { to: "published", kind: "published" },
  return: { to: "draft", kind: "returned" },
  archive: { to: "archived", kind: "archived" },
} as const;
export type PracticeTransition = keyof typeof TRANSITIONS;

/** Moves a practice along the workflow (the caller checked `can(actor, intent, …)`). */
export async function transitionPractice(db: Database, author: ChangeAuthor, practice: PracticeRow, intent: PracticeTransition, body = "") {
  const { to, kind } = TRANSITIONS[intent];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(practices)
      .set({ status: to, updatedAt: new Date(), ...(to === "published" ? { publishedAt: practice.publishedAt ?? new Date() } : {}) })
      .where(and(eq(practices.id, practice.id), eq(practices.status, practice.status)))
      .returning();
    if (!row) return undefined; // someone else moved it first
    await tx.insert(practiceComments).values({ practiceId: practice.id, kind, body, authorId: author.id, authorName: author.name });
    await enqueuePracticeSync(tx, practice.id);
    await recordAudit(tx, { action: "practice.status_changed", resource: practiceAuditResource(row), regionCode: row.regionCode, details: { de: PRACTICE_STATUS_LABELS[practice.status], a: PRACTICE_STATUS_LABELS[to] } });
    return row;
  });
}

export async function addPracticeComment(db: DbOrTx, author: ChangeAuthor, practiceId: string, body: string) {
  await db.insert(practiceComments).values({ practiceId, kind: "comment", body, authorId: author.id, authorName: author.name });
}

export async function listPracticeComments(db: DbOrTx, practiceId: string) {
  return db.select().from(practiceComments).where(eq(practiceComments.practiceId, practiceId)).orderBy(practiceComments.createdAt);
}

export async function listPracticeRevisions(db: DbOrTx, practiceId: string) {
  return db
    .select({ id: practiceRevisions.id, number: practiceRevisions.number, note: practiceRevisions.note, authorName: practiceRevisions.authorName, createdAt: practiceRevisions.createdAt, snapshot: practiceRevisions.snapshot })
    .from(practiceRevisions)
    .where(eq(practiceRevisions.practiceId, practiceId))
    .orderBy(desc(practiceRevisions.number));
}

/** Practices waiting for the actor: drafts of their office, and what they review. */
export async function listWorkQueue(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({ id: practices.id, slug: practices.slug, title: practices.title, status: practices.status, regionCode: practices.regionCode, ownerOrganizationId: practices.ownerOrganizationId, updatedAt: practices.updatedAt })
    .from(practices)
    .where(sql`${practices.status} in ('draft', 'in_review')`)
    .orderBy(desc(practices.updatedAt))
    .limit(500);
  return rows.filter((r) => can(actor, "update", practiceResource(r)));
}
