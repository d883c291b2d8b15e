import { integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { emailOutbox } from "./accounts.ts";

/** A person's email delivery per notification category (app/notifications/categories.ts); no row: immediate. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    category: text("category", { enum: ["menciones", "recordatorios", "validaciones", "novedades"] }).notNull(),
    delivery: text("delivery", { enum: ["inmediato", "diario", "semanal", "ninguno"] }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);

/**
 * One row per person, frequency and period once its digest was built (also
 * when there was nothing to send): the unique key makes a period's digest
 * exactly once across processes (docs/decisions/0147).
 */
export const notificationDigests = pgTable(
  "notification_digests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    frequency: text("frequency", { enum: ["diario", "semanal"] }).notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    itemCount: integer("item_count").notNull(),
    /** The queued email; null when the period had nothing new. */
    emailId: uuid("email_id").references(() => emailOutbox.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("notification_digests_period_uq").on(t.userId, t.frequency, t.periodEnd)],
);
