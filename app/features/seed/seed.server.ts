import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { account, networkCoordinators, networkMembers, networks, organizations, user } from "~/db/schema";
import { getAuth } from "~/auth/auth.server";
import { loadTerritory } from "~/features/territory/territory.server";
import type { Role } from "~/permissions/actor";
import { currentYearInChile } from "~/utils/dates";
import { demoSeedSteps } from "~/features/features.server";
import { getLogger } from "~/utils/logger.server";
import type { DemoContext } from "./steps.server.ts";

interface Logger {
  info(message: string): void;
}

export const DEMO_NETWORK_NAME = "Red Territorial Punilla";
export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; org: "nc" | "dr" | "sanCarlos" | "sanFabian" | "niquen" }[] = [
  { email: "admin@demo.redomil.cl", name: "Carolina Fuentes", role: "nc_admin", org: "nc" },
  { email: "dr.nuble@demo.redomil.cl", name: "Rodrigo Sepúlveda", role: "dr_staff", org: "dr" },
  { email: "omil.sancarlos@demo.redomil.cl", name: "Marcela Contreras", role: "omil_lead", org: "sanCarlos" },
  { email: "omil.sanfabian@demo.redomil.cl", name: "Javier Muñoz", role: "omil_staff", org: "sanFabian" },
];

async function upsertOrganization(db: Database, values: typeof organizations.$inferInsert) {
  const where =
    values.kind === "omil"
      ? and(eq(organizations.kind, "omil"), eq(organizations.comunaCode, values.comunaCode!))
      : values.kind === "direccion_regional"
        ? and(eq(organizations.kind, "direccion_regional"), eq(organizations.regionCode, values.regionCode!))
        : eq(organizations.kind, "nivel_central");
  const [existing] = await db.select().from(organizations).where(where);
  if (existing) return existing;
  const [row] = await db.insert(organizations).values(values).returning();
  return row;
}

/** Creates a demo account if missing; returns the generated password only when it created one. */
async function ensureAccount(db: Database, spec: (typeof DEMO_ACCOUNTS)[number], organizationId: string): Promise<string | null> {
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, spec.email));
  if (existing) return null;
  const password = `${randomBytes(6).toString("base64url")}-${randomBytes(4).toString("hex")}`;
  const hash = await (await getAuth().$context).password.hash(password);
  const userId = randomBytes(16).toString("hex");
  await db.transaction(async (tx) => {
    await tx.insert(user).values({ id: userId, name: spec.name, email: spec.email, emailVerified: true, organizationId, role: spec.role });
    await tx.insert(account).values({ id: randomBytes(16).toString("hex"), accountId: userId, providerId: "credential", userId, password: hash });
  });
  return password;
}

/**
 * Demo data: Ñuble's Dirección Regional, a network of three OMILs (San Carlos
 * coordinating, San Fabián, Ñiquén) and one account per role. Idempotent.
 */
export async function seedDemoData(db: Database, options: { log?: Logger; onlyIfEmpty?: boolean } = {}) {
  const log = options.log ?? getLogger();
  // A database with data needs nothing here: boots stay fast (the territory job adds new entries).
  if (options.onlyIfEmpty) {
    const [any] = await db.select({ id: organizations.id }).from(organizations).limit(1);
    if (any) return { created: false };
  }
  await loadTerritory(db);
  const orgs = {
    nc: await upsertOrganization(db, { kind: "nivel_central", name: "SENCE Nivel Central", email: "nivelcentral@demo.redomil.cl" }),
    dr: await upsertOrganization(db, { kind: "direccion_regional", name: "Dirección Regional SENCE Ñuble", regionCode: "16" }),
    sanCarlos: await upsertOrganization(db, { kind: "omil", name: "OMIL San Carlos", comunaCode: "16301", regionCode: "16", category: "avanzada" }),
    sanFabian: await upsertOrganization(db, { kind: "omil", name: "OMIL San Fabián", comunaCode: "16304", regionCode: "16", category: "basica" }),
    niquen: await upsertOrganization(db, { kind: "omil", name: "OMIL Ñiquén", comunaCode: "16303", regionCode: "16", category: "intermedia" }),
  };
  let [network] = await db.select().from(networks).where(eq(networks.name, DEMO_NETWORK_NAME));
  const year = currentYearInChile();
  if (!network) {
    [network] = await db
      .insert(networks)
      .values({ name: DEMO_NETWORK_NAME, regionCode: "16", description: "Red de las OMIL de la provincia de Punilla, región de Ñuble." })
      .returning();
    for (const org of [orgs.sanCarlos, orgs.sanFabian, orgs.niquen]) {
      await db.insert(networkMembers).values({ networkId: network.id, organizationId: org.id, joinedOn: `${year - 2}-03-01` });
    }
    await db.insert(networkCoordinators).values({ networkId: network.id, organizationId: orgs.niquen.id, year: year - 1, startedOn: `${year - 1}-01-01`, endedOn: `${year}-01-01`, note: "Primer año de la red." });
    await db.insert(networkCoordinators).values({ networkId: network.id, organizationId: orgs.sanCarlos.id, year, startedOn: `${year}-01-01`, note: "Rotación anual acordada en la reunión de diciembre." });
  }
  const [current] = await db.select().from(networkCoordinators).where(and(eq(networkCoordinators.networkId, network.id), isNull(networkCoordinators.endedOn)));

  const created: { email: string; role: Role; password: string }[] = [];
  for (const spec of DEMO_ACCOUNTS) {
    const password = await ensureAccount(db, spec, orgs[spec.org].id);
    if (password) created.push({ email: spec.email, role: spec.role, password });
  }
  const context: DemoContext = { db, network, organizations: orgs, coordinatorOrganizationId: current?.organizationId ?? orgs.sanCarlos.id, year, log };
  for (const step of demoSeedSteps) await step(context);

  if (created.length > 0) {
    log.info("[demo] Cuentas de demostración (las contraseñas se muestran solo esta vez):");
    for (const c of created) log.info(`[demo]   ${c.role.padEnd(10)} ${c.email}  contraseña: ${c.password}`);
  }
  return { created: true, accounts: created, network, organizations: orgs };
}
