import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { organizations } from "./organizations.ts";

/** Invitations replace open sign-up: single use, 7-day expiry; only the token's hash is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    role: text("role", { enum: ["nc_admin", "dr_staff", "omil_lead", "omil_staff"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    invitedBy: text("invited_by").references(() => user.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invitations_email_idx").on(t.email)],
);

/** Every email goes through this table; a worker delivers it (SMTP or files under DATA_DIR/outbox). */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * A sender claims a row until this time (a lease, renewed before each send) so that
     * several processes never send it twice; a row whose lease expired is claimed again.
     * After a failed attempt it also holds the retry back (backoff).
     */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    /** The process that holds the claim (`host:pid:random`); once sent, the one that sent it. */
    claimedBy: text("claimed_by"),
  },
  (t) => [index("email_outbox_status_idx").on(t.status, t.createdAt)],
);

/** In-app notifications (mentions, reminders...). */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    url: text("url"),
    /** Deduplicates reminders: one notification per (user, dedupeKey). */
    dedupeKey: text("dedupe_key"),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** When its email was queued (at once or in a digest); null: not emailed (yet). Digests skip emailed ones. */
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    // The header's unread count on every page.
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/**
 * Login and password-reset attempts, shared by every process (see
 * app/features/accounts/attempt-limits.server.ts). A login is written as
 * "pending" before the password is checked (so parallel guesses count), turned
 * into "failed" on a wrong password and deleted on success: only failures
 * count against an address or an account. Rows older than an hour are pruned.
 */
export const authAttempts = pgTable(
  "auth_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["login", "reset"] }).notNull(),
    /** The email as typed, trimmed and lowercased (unknown addresses count too). */
    account: text("account").notNull(),
    /** The client address as a limit key (IPv6 by its /64). */
    address: text("address").notNull(),
    outcome: text("outcome", { enum: ["pending", "failed", "done"] }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("auth_attempts_account_idx").on(t.kind, t.account, t.at),
    index("auth_attempts_address_idx").on(t.kind, t.address, t.at),
    index("auth_attempts_at_idx").on(t.at),
  ],
);
