import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas, organizations, regions } from "~/db/schema";
import type { Actor } from "~/permissions/actor";
import { FieldError } from "~/utils/errors";
import { isUuid } from "~/utils/ids";
import type { OrganizationForm } from "./schema.ts";

export type OrganizationRow = typeof organizations.$inferSelect;


export async function listOrganizations(db: DbOrTx, filter: { regionCode?: string } = {}) {
  const rows = await db
    .select({
      id: organizations.id,
      kind: organizations.kind,
      name: organizations.name,
      category: organizations.category,
      comunaName: comunas.name,
      regionCode: organizations.regionCode,
      regionName: regions.shortName,
    })
    .from(organizations)
    .leftJoin(comunas, eq(comunas.code, organizations.comunaCode))
    .leftJoin(regions, eq(regions.code, organizations.regionCode))
    .where(filter.regionCode ? eq(organizations.regionCode, filter.regionCode) : undefined)
    .orderBy(asc(organizations.kind), asc(organizations.name));
  return rows;
}

export async function getOrganization(db: DbOrTx, id: string) {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ org: organizations, comunaName: comunas.name, regionName: regions.name })
    .from(organizations)
    .leftJoin(comunas, eq(comunas.code, organizations.comunaCode))
    .leftJoin(regions, eq(regions.code, organizations.regionCode))
    .where(eq(organizations.id, id));
  return row;
}


/** Resolves the region and checks uniqueness (one OMIL per comuna, one DR per region). */
async function normalize(db: DbOrTx, form: OrganizationForm, exceptId?: string) {
  let regionCode: string | null = null;
  let comunaCode: string | null = null;
  if (form.kind === "omil") {
    const [comuna] = await db.select().from(comunas).where(eq(comunas.code, form.comunaCode!));
    if (!comuna) throw new FieldError("comunaCode", "La comuna no existe. Elige una de la lista.");
    comunaCode = comuna.code;
    regionCode = comuna.regionCode;
    const [taken] = await db
      .select({ name: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.kind, "omil"), eq(organizations.comunaCode, comunaCode), exceptId ? ne(organizations.id, exceptId) : undefined));
    if (taken) throw new FieldError("comunaCode", `La comuna ${comuna.name} ya tiene una OMIL registrada (${taken.name}).`);
  } else if (form.kind === "direccion_regional") {
    const [region] = await db.select().from(regions).where(eq(regions.code, form.regionCode!));
    if (!region) throw new FieldError("regionCode", "La región no existe.");
    regionCode = region.code;
    const [taken] = await db
      .select({ name: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.kind, "direccion_regional"), eq(organizations.regionCode, regionCode), exceptId ? ne(organizations.id, exceptId) : undefined));
    if (taken) throw new FieldError("regionCode", `La ${region.name} ya tiene Dirección Regional (${taken.name}).`);
  } else {
    const [taken] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.kind, "nivel_central"), exceptId ? ne(organizations.id, exceptId) : undefined));
    if (taken) throw new FieldError("kind", "Ya existe la organización de Nivel Central.");
  }
  return {
    kind: form.kind,
    name: form.name,
    comunaCode,
    regionCode,
    category: form.kind === "omil" ? (form.category ?? null) : null,
    email: form.email ?? null,
    phone: form.phone ?? null,
    address: form.address ?? null,
  };
}

export async function createOrganization(db: DbOrTx, form: OrganizationForm) {
  const values = await normalize(db, form);
  const [row] = await db.insert(organizations).values(values).returning();
  return row;
}

/** Updates; the kind never changes (people and networks hang on it). */
export async function updateOrganization(db: DbOrTx, id: string, form: OrganizationForm, actor: Actor) {
  const current = await getOrganization(db, id);
  if (!current) throw new FieldError("name", "La organización no existe.");
  const values = await normalize(db, { ...form, kind: current.org.kind }, id);
  // An OMIL lead may edit contact data but not move the office or change its category.
  const restricted = actor.role === "omil_lead";
  const [row] = await db
    .update(organizations)
    .set({
      ...values,
      ...(restricted ? { comunaCode: current.org.comunaCode, regionCode: current.org.regionCode, category: current.org.category } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(organizations.id, id))
    .returning();
  return row;
}
