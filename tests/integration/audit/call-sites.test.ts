import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "~/db/schema";
import { setUserActive } from "~/features/accounts/users.server";
import { signInWithPassword } from "~/features/accounts/login.server";
import { runWithAuditContext } from "~/features/audit/context.server";
import { addMember, createNetwork, removeMember, updateNetwork } from "~/features/networks/networks.server";
import { createNubleWorld, createOrganization, createUser, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

/* Each audited write leaves exactly one event, in its own transaction, attributed to the request's person. */
describe("audit log: events written by the features", () => {
  let ctx: Ctx;
  let world: Awaited<ReturnType<typeof createNubleWorld>>;
  let dr: Awaited<ReturnType<typeof signedInActor>>;

  beforeAll(async () => {
    ctx = await setupAppContext();
    world = await createNubleWorld(ctx.handle.db);
    dr = await signedInActor(ctx.handle.db, world.dr.id, "dr_staff");
  });
  afterAll(async () => ctx.close());

  const eventsOf = (action: string, resourceId?: string) =>
    ctx.handle.db
      .select()
      .from(auditEvents)
      .where(resourceId ? sql`action = ${action} and resource_id = ${resourceId}` : sql`action = ${action}`);
  const asDr = <T>(fn: () => Promise<T>) => runWithAuditContext({ actor: dr.actor, requestId: "r1", ipAddress: "10.9.9.9" }, fn);

  it("networks: create, edit, member joins and leaves", async () => {
    const db = ctx.handle.db;
    const form = { name: "Red Punilla", description: "", regionCode: "16", reminderDays: 3 };
    const network = await asDr(() => createNetwork(db, form as never));
    await asDr(() => updateNetwork(db, network.id, { ...form, name: "Red Punilla Norte" } as never));
    const omil = await createOrganization(db, { comunaCode: "16303", name: "OMIL Ñiquén" });
    await asDr(() => addMember(db, network, omil.id, "2026-03-01"));
    await asDr(() => removeMember(db, network, omil.id, "2026-06-01"));
    for (const action of ["network.created", "network.updated", "network.member_added", "network.member_removed"]) {
      const rows = await eventsOf(action, network.id);
      expect(rows, action).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorUserId: dr.userId, networkId: network.id, regionCode: "16", requestId: "r1", ipAddress: "10.9.9.9" });
    }
  });

  it("a refused change writes no event", async () => {
    const db = ctx.handle.db;
    // San Carlos coordinates: it cannot leave, and nothing is logged.
    await expect(asDr(() => removeMember(db, world.network, world.sanCarlos.id, "2026-06-01"))).rejects.toThrow(/coordinadora/);
    expect(await eventsOf("network.member_removed", world.network.id)).toHaveLength(0);
  });

  it("accounts: sign-in success and failure, deactivation and reactivation", async () => {
    const db = ctx.handle.db;
    const person = await createUser(db, world.sanFabian.id, "omil_staff", { name: "Ana Pérez" });
    expect((await signInWithPassword(person.email, "wrong-password-123", "10.7.7.7")).ok).toBe(false);
    expect((await signInWithPassword(person.email, "clave-de-prueba-123", "10.7.7.8")).ok).toBe(true);
    const failed = (await eventsOf("account.sign_in_failed", person.id));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorUserId: null, subjectUserId: person.id, regionCode: "16" });
    const signedIn = await eventsOf("account.signed_in", person.id);
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]).toMatchObject({ actorUserId: person.id, actorName: "Ana Pérez" });
    await asDr(() => setUserActive(db, person.id, false));
    await asDr(() => setUserActive(db, person.id, true));
    expect(await eventsOf("account.deactivated", person.id)).toMatchObject([{ actorUserId: dr.userId, subjectUserId: person.id }]);
    expect(await eventsOf("account.reactivated", person.id)).toHaveLength(1);
  });
});
