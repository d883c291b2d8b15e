import { sql } from "drizzle-orm";
import { bigserial, customType, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | Buffer }>({
  dataType: () => "bytea",
  fromDriver: (value) => (value instanceof Uint8Array ? new Uint8Array(value) : new Uint8Array(value)),
});

/** A collaborative document's compacted Yjs state (the truth) plus derived JSON/text per section. */
export const collabDocuments = pgTable("collab_documents", {
  name: text("name").primaryKey(),
  state: bytea("state").notNull(),
  /** Derived after each store: `{ [fragment]: { json, text, characters } }`. */
  derived: text("derived").notNull().default("{}"),
  version: integer("version").notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});

/** Updates appended between compactions. */
export const collabUpdates = pgTable(
  "collab_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    name: text("name").notNull(),
    update: bytea("update").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index("collab_updates_name_idx").on(t.name, t.id)],
);
export { bytea };
