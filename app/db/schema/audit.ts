import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The audit log: who did what, when, to which resource. Append-only: the app
 * has no update or delete for it and a trigger (migration 0007) refuses both.
 * No foreign keys on purpose: an event outlives what it names (a deleted
 * activity, a renamed network), and a cascading update would hit the trigger.
 * Names are kept as written at the time (`actorName`, `resourceLabel`).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    /** Null: the system (background jobs, demo data) or an anonymous visitor (failed sign-in). */
    actorUserId: text("actor_user_id"),
    actorName: text("actor_name"),
    actorOrganizationId: uuid("actor_organization_id"),
    /** `<resource>.<verb>`, one of AUDIT_ACTIONS (app/features/audit/actions.ts). */
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    resourceLabel: text("resource_label"),
    networkId: uuid("network_id"),
    /** Who may see the event: the Dirección Regional of this region, and Nivel Central (null: Nivel Central only). */
    regionCode: text("region_code"),
    /** The person an account event is about (invited, deactivated, signed in). */
    subjectUserId: text("subject_user_id"),
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    requestId: text("request_id"),
    ipAddress: text("ip_address"),
  },
  (t) => [
    index("audit_events_occurred_idx").on(t.occurredAt),
    index("audit_events_region_idx").on(t.regionCode, t.occurredAt),
    index("audit_events_network_idx").on(t.networkId, t.occurredAt),
    index("audit_events_actor_idx").on(t.actorUserId, t.occurredAt),
    index("audit_events_subject_idx").on(t.subjectUserId, t.occurredAt),
  ],
);
