import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { storedFiles } from "./files.ts";
import { networks, organizations } from "./organizations.ts";

/** Indicators goals measure: loaded from content/taxonomies/goal-indicators.json; networks may add custom ones. */
export const goalIndicators = pgTable("goal_indicators", {
  slug: text("slug").primaryKey(),
  label: text("label").notNull(),
  unit: text("unit").notNull(),
  /** False for indicators a network added; activity results only use the taxonomy's slugs. */
  builtIn: boolean("built_in").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Monthly plan: what the network expects to add in each month (YYYY-MM), not cumulative. */
export type GoalMonthlyPlan = { month: string; value: number }[];
/** Weights by OMIL category used to split the target (kept to show how the split was made). */
export type GoalCategoryWeights = Partial<Record<"basica" | "intermedia" | "avanzada", number>>;

/** A network's yearly goal (meta de red). */
export const goals = pgTable(
  "goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    indicatorSlug: text("indicator_slug")
      .notNull()
      .references(() => goalIndicators.slug),
    unit: text("unit").notNull(),
    target: numeric("target", { precision: 14, scale: 2, mode: "number" }).notNull(),
    baseline: numeric("baseline", { precision: 14, scale: 2, mode: "number" }).notNull().default(0),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    monthlyPlan: jsonb("monthly_plan").$type<GoalMonthlyPlan>(),
    categoryWeights: jsonb("category_weights").$type<GoalCategoryWeights>(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("goals_network_year_idx").on(t.networkId, t.year),
    check("goals_target_positive", sql`${t.target} > 0`),
    check("goals_period_order", sql`${t.periodStart} <= ${t.periodEnd}`),
  ],
);

/** The part of a goal's target assigned to one member office; shares add up to the target. */
export const goalShares = pgTable(
  "goal_shares",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    target: numeric("target", { precision: 14, scale: 2, mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("goal_shares_goal_org_uq").on(t.goalId, t.organizationId)],
);

export const GOAL_ENTRY_STATUSES = ["pending", "validated", "rejected"] as const;
export type GoalEntryStatus = (typeof GOAL_ENTRY_STATUSES)[number];

/**
 * Progress reported towards a goal: typed by an office ("manual") or derived
 * from an activity's results ("activity"). Derived entries carry `sourceKey`
 * (activity + office), unique per goal, so an activity counts once.
 */
export const goalEntries = pgTable(
  "goal_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    /** The reporting office; null when an activity's result belongs to the whole network. */
    organizationId: uuid("organization_id").references(() => organizations.id),
    value: numeric("value", { precision: 14, scale: 2, mode: "number" }).notNull(),
    occurredOn: date("occurred_on").notNull(),
    note: text("note").notNull().default(""),
    link: text("link"),
    fileName: text("file_name"),
    /** The evidence's bytes (decision 0072); null without evidence or while it is still on disk at `filePath`. */
    fileId: uuid("file_id").references(() => storedFiles.id),
    /** Before decision 0072: relative to DATA_DIR (goal-evidence/<entryId>/<name>); null once in the database. */
    filePath: text("file_path"),
    fileMime: text("file_mime"),
    fileSize: integer("file_size"),
    /** When and by whom the evidence file was last replaced (null: the original upload). */
    fileReplacedAt: timestamp("file_replaced_at", { withTimezone: true }),
    fileReplacedBy: text("file_replaced_by").references(() => user.id, { onDelete: "set null" }),
    source: text("source", { enum: ["manual", "activity"] }).notNull().default("manual"),
    sourceKey: text("source_key"),
    activityId: uuid("activity_id"),
    status: text("status", { enum: GOAL_ENTRY_STATUSES }).notNull().default("pending"),
    reviewedBy: text("reviewed_by").references(() => user.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewNote: text("review_note").notNull().default(""),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("goal_entries_goal_idx").on(t.goalId, t.occurredOn),
    index("goal_entries_network_idx").on(t.networkId),
    index("goal_entries_file_idx").on(t.fileId),
    uniqueIndex("goal_entries_source_uq").on(t.goalId, t.sourceKey),
    check("goal_entries_value_nonnegative", sql`${t.value} >= 0`),
  ],
);
