import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { bytea } from "./collab.ts";
import { storedFiles } from "./files.ts";
import { networks, organizations } from "./organizations.ts";

export const PROPOSAL_STATUSES = ["borrador", "lista_para_revision", "enviada", "adjudicada", "no_adjudicada"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** One section of a call's application form, in the call's order. */
export interface CallSection {
  /** Stable key: the Y.XmlFragment of the proposal's Y.Doc is `section:<key>`. */
  key: string;
  title: string;
  guidance: string;
  /** Maximum characters of plain text; 0 = no limit. */
  maxCharacters: number;
  required: boolean;
}

/** Which of the portal's checks the call's rules (bases) switch on. */
export interface CallRules {
  requiredSections: boolean;
  characterLimits: boolean;
  budgetWithinMaximum: boolean;
  /** A network may not apply on the theme of its application to the previous year's call. */
  noRepeatedThemeFromPreviousYear: boolean;
}

/** A fund call (convocatoria) published by Nivel Central or a Dirección Regional. */
export const proposalCalls = pgTable(
  "proposal_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    year: integer("year").notNull(),
    description: text("description").notNull().default(""),
    opensOn: date("opens_on").notNull(),
    /** The deadline instant (closing day 23:59 in Chile unless stated otherwise). */
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    eligibleRegionCodes: jsonb("eligible_region_codes").$type<string[]>().notNull(),
    sections: jsonb("sections").$type<CallSection[]>().notNull(),
    requiredAttachments: jsonb("required_attachments").$type<string[]>().notNull(),
    /** Pesos chilenos. */
    maxBudget: integer("max_budget").notNull(),
    rules: jsonb("rules").$type<CallRules>().notNull(),
    publishedByOrganizationId: uuid("published_by_organization_id")
      .notNull()
      .references(() => organizations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("proposal_calls_year_idx").on(t.year)],
);

/** Derived from the proposal's Y.Doc after each store: what rules, exports and listings read. */
export interface ProposalContent {
  sections: Record<string, { json: unknown; text: string; characters: number }>;
  budget: { item: string; description: string; amount: string }[];
}

export const proposals = pgTable(
  "proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    callId: uuid("call_id")
      .notNull()
      .references(() => proposalCalls.id),
    title: text("title").notNull(),
    themeSlug: text("theme_slug").notNull(),
    responsibleOrganizationIds: jsonb("responsible_organization_ids").$type<string[]>().notNull(),
    status: text("status", { enum: PROPOSAL_STATUSES }).notNull().default("borrador"),
    /** Last derived content (see ProposalContent); refreshed by the collab store hook. */
    content: jsonb("content").$type<ProposalContent>(),
    /** The frozen copy at submission: the Yjs state and its derived content. */
    submittedState: bytea("submitted_state"),
    submittedContent: jsonb("submitted_content").$type<ProposalContent>(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedByUserId: text("submitted_by_user_id").references(() => user.id, { onDelete: "set null" }),
    createdByUserId: text("created_by_user_id").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One application per network and call.
  (t) => [uniqueIndex("proposals_network_call_uq").on(t.networkId, t.callId), index("proposals_call_idx").on(t.callId)],
);

/** Named or automatic (status change) snapshots of a proposal's Y.Doc. */
export const proposalVersions = pgTable(
  "proposal_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["manual", "status"] }).notNull(),
    state: bytea("state").notNull(),
    content: jsonb("content").$type<ProposalContent>().notNull(),
    createdByUserId: text("created_by_user_id").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("proposal_versions_proposal_idx").on(t.proposalId, t.createdAt)],
);

/** A comment thread anchored to a selection of one section (Yjs relative positions, base64). */
export const proposalCommentThreads = pgTable(
  "proposal_comment_threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    sectionKey: text("section_key").notNull(),
    anchorStart: text("anchor_start"),
    anchorEnd: text("anchor_end"),
    /** The selected text when the thread was opened, shown if the anchor's text was deleted. */
    quote: text("quote").notNull().default(""),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedByUserId: text("resolved_by_user_id").references(() => user.id, { onDelete: "set null" }),
    createdByUserId: text("created_by_user_id").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("proposal_comment_threads_proposal_idx").on(t.proposalId)],
);

export const proposalComments = pgTable(
  "proposal_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => proposalCommentThreads.id, { onDelete: "cascade" }),
    authorUserId: text("author_user_id").references(() => user.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("proposal_comments_thread_idx").on(t.threadId, t.createdAt)],
);

/** A file attached to a proposal: one of the call's required attachments (by its name) or "otro". */
export const proposalAttachments = pgTable(
  "proposal_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    /** The required attachment's name as the call lists it, or "otro". */
    requirement: text("requirement").notNull(),
    filename: text("filename").notNull(),
    /** Sniffed from the content at upload, never the browser's claim. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** The bytes (decision 0072); null only while the file is still on disk at `storagePath`. */
    fileId: uuid("file_id").references(() => storedFiles.id),
    /** Before decision 0072: relative to DATA_DIR (proposal-attachments/<proposalId>/<attachmentId>); null once in the database. */
    storagePath: text("storage_path"),
    uploadedByUserId: text("uploaded_by_user_id").references(() => user.id, { onDelete: "set null" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("proposal_attachments_proposal_idx").on(t.proposalId), index("proposal_attachments_file_idx").on(t.fileId)],
);

export type ProposalCallRow = typeof proposalCalls.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type ProposalAttachmentRow = typeof proposalAttachments.$inferSelect;
