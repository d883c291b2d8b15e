import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { storedFiles } from "./files.ts";
import { organizations } from "./organizations.ts";
import { regions } from "./territory.ts";

export const PRACTICE_STATUSES = ["draft", "in_review", "published", "archived"] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** Who applies the practice, for the "tipo de organización" facet. */
export const PRACTICE_ORGANIZATION_TYPES = ["omil", "red_territorial", "direccion_regional", "nivel_central", "otra"] as const;
export type PracticeOrganizationType = (typeof PRACTICE_ORGANIZATION_TYPES)[number];

export const PRACTICE_TAXONOMIES = ["ambitos", "beneficiarios"] as const;

/** Rich section content: the canonical markdown-ish text and the sanitized HTML derived from it. */
export type PracticeRichContent = Record<string, { text: string; html: string }>;
export type PracticeLinkValue = { url: string; label?: string };

/** Impacted areas and beneficiaries: editable by Nivel Central, seeded from content/taxonomies. */
export const practiceTaxonomyTerms = pgTable(
  "practice_taxonomy_terms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taxonomy: text("taxonomy", { enum: PRACTICE_TAXONOMIES }).notNull(),
    slug: text("slug").notNull(),
    label: text("label").notNull(),
    position: integer("position").notNull().default(0),
    /** Retired terms stay on old practices but are no longer offered. */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("practice_taxonomy_terms_uq").on(t.taxonomy, t.slug)],
);

export const practices = pgTable(
  "practices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    status: text("status", { enum: PRACTICE_STATUSES }).notNull().default("draft"),
    title: text("title").notNull(),
    /** "Organización que aplica la práctica", as written. */
    organizationName: text("organization_name").notNull().default(""),
    organizationType: text("organization_type", { enum: PRACTICE_ORGANIZATION_TYPES }).notNull().default("otra"),
    /** The office that owns the write-up (its staff may edit the draft). */
    ownerOrganizationId: uuid("owner_organization_id").references(() => organizations.id),
    regionCode: text("region_code").references(() => regions.code),
    comunaCodes: jsonb("comuna_codes").$type<string[]>().notNull().default([]),
    year: integer("year"),
    ambitos: jsonb("ambitos").$type<string[]>().notNull().default([]),
    beneficiarios: jsonb("beneficiarios").$type<string[]>().notNull().default([]),
    links: jsonb("links").$type<PracticeLinkValue[]>().notNull().default([]),
    content: jsonb("content").$type<PracticeRichContent>().notNull().default({}),
    /** Current revision number (1 on creation). */
    revision: integer("revision").notNull().default(1),
    createdBy: text("created_by").references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("practices_status_idx").on(t.status), index("practices_region_idx").on(t.regionCode)],
);

/** Every saved version of a practice: who, when, and the full content then. */
export const practiceRevisions = pgTable(
  "practice_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    practiceId: uuid("practice_id")
      .notNull()
      .references(() => practices.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    /** Spanish note: "Creada", "Importada desde acta.docx", "Editada"... */
    note: text("note").notNull().default(""),
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    authorId: text("author_id").references(() => user.id),
    authorName: text("author_name").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("practice_revisions_number_uq").on(t.practiceId, t.number)],
);

/** Review conversation and workflow events. */
export const practiceComments = pgTable(
  "practice_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    practiceId: uuid("practice_id")
      .notNull()
      .references(() => practices.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["comment", "submitted", "returned", "published", "archived"] }).notNull().default("comment"),
    body: text("body").notNull().default(""),
    authorId: text("author_id").references(() => user.id),
    authorName: text("author_name").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("practice_comments_practice_idx").on(t.practiceId)],
);

/** PDF and images, stored under DATA_DIR/practices/<practiceId>/<id>. */
export const practiceAttachments = pgTable(
  "practice_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    practiceId: uuid("practice_id")
      .notNull()
      .references(() => practices.id, { onDelete: "cascade" }),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** The bytes (decision 0072); null only for a file still under DATA_DIR/practices/<practiceId>/<id>, moved at startup. */
    fileId: uuid("file_id").references(() => storedFiles.id),
    createdBy: text("created_by").references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("practice_attachments_practice_idx").on(t.practiceId), index("practice_attachments_file_idx").on(t.fileId)],
);

/**
 * Index sync outbox: one row per change, written in the same transaction. The
 * worker pushes the practice's current state and deletes the row; failures
 * back off through `nextAttemptAt`.
 */
export const practiceSearchOutbox = pgTable(
  "practice_search_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    practiceId: uuid("practice_id").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("practice_search_outbox_due_idx").on(t.nextAttemptAt)],
);
