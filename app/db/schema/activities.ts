import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./auth.ts";
import { networks, organizations } from "./organizations.ts";
import { comunas } from "./territory.ts";

/*
 * Network life: joint activities (fairs, meetings, mayor briefings...), their
 * tasks and results, monthly meetings with agenda, attendance and agreements,
 * private calendar feeds and coordinator handovers.
 */

import { ACTIVITY_MODALITIES, ACTIVITY_STATUSES, AGREEMENT_OWNER_ROLES, AGREEMENT_STATUSES, ATTENDANCE_STATUSES } from "../enums.ts";
export { ACTIVITY_MODALITIES, ACTIVITY_STATUSES, AGREEMENT_OWNER_ROLES, AGREEMENT_STATUSES, ATTENDANCE_STATUSES } from "../enums.ts";
export type { ActivityModality, ActivityStatus, AgreementOwnerRole, AgreementStatus, AttendanceStatus } from "../enums.ts";

/** Taxonomy of activity types, seeded from content/taxonomies/activity-types.json. */
export const activityTypes = pgTable("activity_types", {
  slug: text("slug").primaryKey(),
  label: text("label").notNull(),
  position: integer("position").notNull().default(0),
  active: boolean("active").notNull().default(true),
});

/** A DR's day visiting several comunas (mayor briefings grouped as one itinerary). */
export const itineraries = pgTable("activity_itineraries", {
  id: uuid("id").primaryKey().defaultRandom(),
  regionCode: text("region_code").notNull(),
  day: date("day").notNull(),
  title: text("title").notNull(),
  createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    typeSlug: text("type_slug")
      .notNull()
      .references(() => activityTypes.slug),
    title: text("title").notNull(),
    /** Instants (UTC in the database); forms and views use America/Santiago. */
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    modality: text("modality", { enum: ACTIVITY_MODALITIES }).notNull(),
    comunaCode: text("comuna_code").references(() => comunas.code),
    address: text("address").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    personInCharge: text("person_in_charge").notNull().default(""),
    audience: text("audience").notNull().default(""),
    status: text("status", { enum: ACTIVITY_STATUSES }).notNull().default("borrador"),
    statusReason: text("status_reason").notNull().default(""),
    notes: text("notes").notNull().default(""),
    itineraryId: uuid("itinerary_id").references(() => itineraries.id, { onDelete: "set null" }),
    /** Set when the activity was entered after it happened ("registro posterior"): when it was recorded. */
    recordedAfter: timestamp("recorded_after", { withTimezone: true }),
    /** A held meeting's minutes, attendance and agenda are locked while this is set (see meeting_minutes_events). */
    minutesClosedAt: timestamp("minutes_closed_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("activities_network_start_idx").on(t.networkId, t.startsAt), index("activities_type_start_idx").on(t.typeSlug, t.startsAt)],
);

/** Host (exactly one) and co-host offices of an activity; all are network members. */
export const activityHosts = pgTable(
  "activity_hosts",
  {
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    role: text("role", { enum: ["host", "cohost"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.organizationId] }), index("activity_hosts_org_idx").on(t.organizationId)],
);

export const activityTasks = pgTable(
  "activity_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerOrganizationId: uuid("owner_organization_id").references(() => organizations.id),
    ownerPerson: text("owner_person").notNull().default(""),
    dueOn: date("due_on"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("activity_tasks_activity_idx").on(t.activityId)],
);

/** The results form as typed (per activity type), kept to show and edit it again. */
export const activityResults = pgTable("activity_results", {
  activityId: uuid("activity_id")
    .primaryKey()
    .references(() => activities.id, { onDelete: "cascade" }),
  data: jsonb("data").$type<Record<string, string | number | boolean>>().notNull(),
  updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * CONTRACT with network goals: one row per (activity, office credited, indicator).
 * Rewritten as a whole whenever the activity's results are saved, so summing
 * by indicator never double counts.
 */
export const activityResultValues = pgTable(
  "activity_result_values",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id),
    /** The office credited; null = the whole network. */
    organizationId: uuid("organization_id").references(() => organizations.id),
    indicator: text("indicator").notNull(),
    value: integer("value").notNull(),
    occurredOn: date("occurred_on").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("activity_result_values_network_idx").on(t.networkId, t.indicator, t.occurredOn), index("activity_result_values_activity_idx").on(t.activityId)],
);

/** Monthly meetings (activities of type reunion-red or reunion-alcalde): agenda. */
export const meetingAgendaItems = pgTable(
  "meeting_agenda_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    presenter: text("presenter").notNull().default(""),
    minutes: integer("minutes").notNull().default(10),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_agenda_items_activity_idx").on(t.activityId, t.position)],
);

export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    status: text("status", { enum: ATTENDANCE_STATUSES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.organizationId] })],
);

/** Text and HTML derived from the meeting's Y.Doc (the collab server stores the truth). */
export const meetingMinutes = pgTable("meeting_minutes", {
  activityId: uuid("activity_id")
    .primaryKey()
    .references(() => activities.id, { onDelete: "cascade" }),
  text: text("text").notNull().default(""),
  html: text("html").notNull().default(""),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** History of closing and reopening a meeting's minutes: who, when (append-only). */
export const meetingMinutesEvents = pgTable(
  "meeting_minutes_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["cerrada", "reabierta"] }).notNull(),
    userId: text("user_id").references(() => user.id, { onDelete: "set null" }),
    /** Kept as written so the history still says who after an account is removed. */
    userName: text("user_name").notNull(),
    organizationName: text("organization_name").notNull().default(""),
    reason: text("reason").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meeting_minutes_events_activity_idx").on(t.activityId, t.at)],
);

export const agreements = pgTable(
  "agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    /** The meeting or briefing where it was agreed. */
    activityId: uuid("activity_id").references(() => activities.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    ownerOrganizationId: uuid("owner_organization_id").references(() => organizations.id),
    ownerPerson: text("owner_person").notNull().default(""),
    /** "coordinacion": a task of the network's coordination, handed to the next coordinator; "oficina": the owner office's own task. */
    ownerRole: text("owner_role", { enum: AGREEMENT_OWNER_ROLES }).notNull().default("oficina"),
    dueOn: date("due_on").notNull(),
    status: text("status", { enum: AGREEMENT_STATUSES }).notNull().default("pendiente"),
    closingNote: text("closing_note").notNull().default(""),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("agreements_network_status_idx").on(t.networkId, t.status, t.dueOn), index("agreements_activity_idx").on(t.activityId)],
);

/** "Primer martes de cada mes, 10:00, 120 minutos": proposes the next meetings. */
export const meetingSchedules = pgTable("meeting_schedules", {
  networkId: uuid("network_id")
    .primaryKey()
    .references(() => networks.id, { onDelete: "cascade" }),
  /** 1 = first ... 4 = fourth, -1 = last. */
  ordinal: integer("ordinal").notNull(),
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: integer("weekday").notNull(),
  startTime: text("start_time").notNull(),
  durationMinutes: integer("duration_minutes").notNull(),
  modality: text("modality", { enum: ACTIVITY_MODALITIES }).notNull().default("hibrida"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Private iCal feed URLs; only the token's hash is stored and revoking is setting revokedAt. */
export const calendarFeedTokens = pgTable(
  "calendar_feed_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** A network's feed, or (null) the person's own feed of every network they see. */
    networkId: uuid("network_id").references(() => networks.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("calendar_feed_tokens_hash_uq").on(t.tokenHash), index("calendar_feed_tokens_user_idx").on(t.userId).where(sql`revoked_at is null`)],
);

/** What a coordinator rotation moved, for the handover summary page. */
export const coordinatorHandovers = pgTable(
  "coordinator_handovers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    fromOrganizationId: uuid("from_organization_id").references(() => organizations.id),
    toOrganizationId: uuid("to_organization_id")
      .notNull()
      .references(() => organizations.id),
    movedAgreementIds: jsonb("moved_agreement_ids").$type<string[]>().notNull(),
    movedMeetingIds: jsonb("moved_meeting_ids").$type<string[]>().notNull(),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("coordinator_handovers_network_idx").on(t.networkId, t.createdAt)],
);
