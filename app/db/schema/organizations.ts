import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { comunas, regions } from "./territory.ts";

import { OMIL_CATEGORIES, ORGANIZATION_KINDS } from "../enums.ts";
export { OMIL_CATEGORIES, ORGANIZATION_KINDS } from "../enums.ts";
export type { OmilCategory, OrganizationKind } from "../enums.ts";

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ORGANIZATION_KINDS }).notNull(),
    name: text("name").notNull(),
    /** OMIL: its comuna. */
    comunaCode: text("comuna_code").references(() => comunas.code),
    /** OMIL and Dirección Regional: their region (derived from the comuna for an OMIL). */
    regionCode: text("region_code").references(() => regions.code),
    category: text("category", { enum: OMIL_CATEGORIES }),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One OMIL per comuna, one Dirección Regional per region, one Nivel Central.
    uniqueIndex("organizations_omil_comuna_uq").on(t.comunaCode).where(sql`kind = 'omil'`),
    uniqueIndex("organizations_dr_region_uq").on(t.regionCode).where(sql`kind = 'direccion_regional'`),
    uniqueIndex("organizations_nc_uq").on(t.kind).where(sql`kind = 'nivel_central'`),
    index("organizations_region_idx").on(t.regionCode),
  ],
);

export const networks = pgTable(
  "networks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    description: text("description").notNull().default(""),
    /** Days before an activity or agreement due date when reminders go out. */
    reminderDays: integer("reminder_days").notNull().default(3),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("networks_region_idx").on(t.regionCode)],
);

/** Membership history: leaving sets `leftOn`; re-joining adds a new row. */
export const networkMembers = pgTable(
  "network_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    joinedOn: date("joined_on").notNull(),
    leftOn: date("left_on"),
  },
  (t) => [
    uniqueIndex("network_members_active_uq").on(t.networkId, t.organizationId).where(sql`left_on is null`),
    index("network_members_org_idx").on(t.organizationId),
  ],
);

/** Coordinator history: the current one has `endedOn` null. Rotation closes it and opens a new row. */
export const networkCoordinators = pgTable(
  "network_coordinators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    networkId: uuid("network_id")
      .notNull()
      .references(() => networks.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    year: integer("year").notNull(),
    startedOn: date("started_on").notNull(),
    endedOn: date("ended_on"),
    note: text("note").notNull().default(""),
    /** A scheduled rotation whose handover (moving agreements, rotation hooks, notices) has not run yet. */
    handoverPending: boolean("handover_pending").notNull().default(false),
    handedOverAt: timestamp("handed_over_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("network_coordinators_current_uq").on(t.networkId).where(sql`ended_on is null`)],
);
