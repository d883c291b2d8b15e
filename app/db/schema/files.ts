import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./collab.ts";

/**
 * The bytes of every uploaded file (proposal and practice attachments, goal
 * evidence), in the database so that every portal process reads the same
 * files (decision 0072). Rows are immutable: a replacement is a new row. The
 * owning row points here (`file_id`) and deletes its file in the same
 * transaction; the names, permissions and labels stay on the owning row.
 */
export const storedFiles = pgTable("stored_files", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Hex SHA-256 of `bytes`, for integrity checks and operators. */
  sha256: text("sha256").notNull(),
  size: integer("size").notNull(),
  /** Sniffed from the content at upload (the shared upload check), never the browser's claim. */
  contentType: text("content_type").notNull(),
  bytes: bytea("bytes").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type StoredFileRow = Omit<typeof storedFiles.$inferSelect, "bytes">;
