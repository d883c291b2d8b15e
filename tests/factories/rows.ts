import { randomBytes } from "node:crypto";
import type { Database } from "~/db/client.server";
import { account, networkCoordinators, networkMembers, networks, organizations, user } from "~/db/schema";
import { getAuth } from "~/auth/auth.server";
import { signInWithPassword } from "~/features/accounts/login.server";
import { loadActor } from "~/auth/actor.server";
import type { Actor, Role } from "~/permissions/actor";

let counter = 0;
const next = () => (counter += 1);

export async function createOrganization(db: Database, values: Partial<typeof organizations.$inferInsert> & { kind?: "omil" | "direccion_regional" | "nivel_central" } = {}) {
  const kind = values.kind ?? "omil";
  const [row] = await db
    .insert(organizations)
    .values({
      kind,
      name: values.name ?? `Organización ${next()}`,
      comunaCode: kind === "omil" ? (values.comunaCode ?? "16301") : null,
      regionCode: values.regionCode ?? (kind === "nivel_central" ? null : "16"),
      category: kind === "omil" ? (values.category ?? "intermedia") : null,
      ...values,
    })
    .returning();
  return row;
}

/** A network with the given OMILs as active members; the first one coordinates. */
export async function createNetwork(db: Database, memberOrgIds: string[], values: Partial<typeof networks.$inferInsert> = {}) {
  const [network] = await db.insert(networks).values({ name: values.name ?? `Red ${next()}`, regionCode: values.regionCode ?? "16", ...values }).returning();
  for (const id of memberOrgIds) await db.insert(networkMembers).values({ networkId: network.id, organizationId: id, joinedOn: "2025-01-01" });
  if (memberOrgIds[0]) {
    await db.insert(networkCoordinators).values({ networkId: network.id, organizationId: memberOrgIds[0], year: 2026, startedOn: "2026-01-01" });
  }
  return network;
}

/**
 * The usual world of a test in Ñuble: OMIL San Carlos (coordinating) and San
 * Fabián in one network, OMIL Chillán in another, the DR and Nivel Central.
 */
export async function createNubleWorld(db: Database) {
  const sanCarlos = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
  const sanFabian = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
  const chillan = await createOrganization(db, { comunaCode: "16101", name: "OMIL Chillán" });
  const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
  const nc = await createOrganization(db, { kind: "nivel_central", regionCode: null, name: "Nivel Central" });
  const network = await createNetwork(db, [sanCarlos.id, sanFabian.id]);
  const foreignNetwork = await createNetwork(db, [chillan.id]);
  return { sanCarlos, sanFabian, chillan, dr, nc, network, foreignNetwork };
}

export const TEST_PASSWORD = "clave-de-prueba-123";

/** A user with a password (TEST_PASSWORD) in an organization. */
export async function createUser(db: Database, organizationId: string, role: Role, values: { email?: string; name?: string } = {}) {
  const id = randomBytes(12).toString("hex");
  const email = values.email ?? `persona${next()}-${id.slice(0, 6)}@test.cl`;
  const hash = await (await getAuth().$context).password.hash(TEST_PASSWORD);
  await db.insert(user).values({ id, name: values.name ?? `Persona ${id.slice(0, 4)}`, email, emailVerified: true, organizationId, role });
  await db.insert(account).values({ id: randomBytes(12).toString("hex"), accountId: id, providerId: "credential", userId: id, password: hash });
  return { id, email };
}

/** Signs a user in through better-auth and returns the Cookie header value for requests. */
export async function sessionCookieFor(email: string, password = TEST_PASSWORD, ip = `10.0.${next() % 250}.${next() % 250}`): Promise<string> {
  const outcome = await signInWithPassword(email, password, ip);
  if (!outcome.ok) throw new Error(`login failed: ${outcome.reason}`);
  return outcome.setCookies.map((c) => c.split(";")[0]).join("; ");
}

/** User + session + loaded actor, ready for loader/action tests. */
export async function signedInActor(db: Database, organizationId: string, role: Role): Promise<{ actor: Actor; cookie: string; userId: string }> {
  const { id, email } = await createUser(db, organizationId, role);
  const cookie = await sessionCookieFor(email);
  const actor = (await loadActor(db, id))!;
  return { actor, cookie, userId: id };
}

/** A Request for calling a loader or action directly. */
export function requestFor(pathname: string, init: { cookie?: string; method?: string; form?: Record<string, string | string[]> } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("cookie", init.cookie);
  let body: FormData | undefined;
  if (init.form) {
    body = new FormData();
    for (const [k, v] of Object.entries(init.form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  }
  return new Request(`http://localhost:3000${pathname}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}
