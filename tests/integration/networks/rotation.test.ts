import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreements, networkCoordinators, notifications } from "~/db/schema";
import { addDaysToDay } from "~/features/activities/time";
import { rotationHooks } from "~/features/features.server";
import { currentCoordinatorId } from "~/features/networks/coordination.server";
import { runDueHandovers } from "~/features/networks/rotation.server";
import { loadActor } from "~/auth/actor.server";
import { action as networkAction } from "~/routes/redes.$networkId";
import { action as handoverAction, loader as handoverLoader } from "~/routes/redes.$networkId_.traspaso";
import { todayInChile } from "~/utils/dates";
import { createNetwork, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext as context, status } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

describe("scheduled coordinator rotation", () => {
  let ctx: Ctx;
  const today = todayInChile();
  const startsOn = addDaysToDay(today, 26);
  let ids: { sanCarlos: string; sanFabian: string; net: string; foreignNet: string };
  let people: Record<"coordinator" | "fabian" | "foreign", { cookie: string; userId: string }>;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const sanCarlos = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
    const sanFabian = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
    const chillan = await createOrganization(db, { comunaCode: "16101", name: "OMIL Chillán" });
    const net = await createNetwork(db, [sanCarlos.id, sanFabian.id]);
    const foreignNet = await createNetwork(db, [chillan.id]);
    ids = { sanCarlos: sanCarlos.id, sanFabian: sanFabian.id, net: net.id, foreignNet: foreignNet.id };
    const coordinator = await signedInActor(db, sanCarlos.id, "omil_lead");
    const fabian = await signedInActor(db, sanFabian.id, "omil_lead");
    const foreign = await signedInActor(db, chillan.id, "omil_lead");
    people = {
      coordinator: { cookie: coordinator.cookie, userId: coordinator.actor.userId },
      fabian: { cookie: fabian.cookie, userId: fabian.actor.userId },
      foreign: { cookie: foreign.cookie, userId: foreign.actor.userId },
    };
  });
  afterAll(async () => ctx.close());

  const rotate = (cookie: string, form: Record<string, string>, networkId = ids.net) =>
    networkAction({ request: requestFor(`/redes/${networkId}`, { cookie, form: { intent: "rotate-coordinator", year: "2027", note: "Traspaso anual", ...form } }), params: { networkId }, context });
  const terms = () => ctx.handle.db.select().from(networkCoordinators).where(eq(networkCoordinators.networkId, ids.net));
  const noticesOf = (userId: string, kind: string) =>
    ctx.handle.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  it("refuses bad dates and the same office with a Spanish message, changing nothing", async () => {
    const before = await terms();
    const past = (await rotate(people.coordinator.cookie, { organizationId: ids.sanFabian, startedOn: addDaysToDay(today, -1) })) as Response;
    expect(past.status).toBe(400);
    expect(JSON.stringify(await past.json())).toContain("no puede ser anterior a hoy");
    const same = (await rotate(people.coordinator.cookie, { organizationId: ids.sanCarlos, startedOn: startsOn })) as Response;
    expect(same.status).toBe(400);
    expect(JSON.stringify(await same.json())).toContain("ya coordina la red");
    expect(await terms()).toEqual(before);
  });

  it("answers 404 to an office of another network", async () => {
    expect(await status(rotate(people.foreign.cookie, { organizationId: ids.sanFabian, startedOn: startsOn }))).toBe(404);
    expect(await status(handoverLoader({ request: requestFor(`/redes/${ids.net}/traspaso`, { cookie: people.foreign.cookie }), params: { networkId: ids.net }, context }))).toBe(404);
  });

  it("schedules: before the date nothing changes, both offices are told, the outgoing coordinator chooses what moves", async () => {
    const db = ctx.handle.db;
    const [coordinationTask] = await db
      .insert(agreements)
      .values({ networkId: ids.net, text: "Convocar la reunión con SENCE", ownerOrganizationId: ids.sanCarlos, ownerRole: "coordinacion", dueOn: addDaysToDay(today, 40) })
      .returning();
    const [ownTask] = await db.insert(agreements).values({ networkId: ids.net, text: "Informe municipal de San Carlos", ownerOrganizationId: ids.sanCarlos, dueOn: addDaysToDay(today, 40) }).returning();
    const [chosenTask] = await db.insert(agreements).values({ networkId: ids.net, text: "Catastro regional de empresas", ownerOrganizationId: ids.sanCarlos, dueOn: addDaysToDay(today, 40) }).returning();

    expect(await status(rotate(people.coordinator.cookie, { organizationId: ids.sanFabian, startedOn: startsOn }))).toBe(302);
    // Until the start date San Carlos coordinates (the Validar buttons and schedule form follow coordinatedNetworkIds).
    expect(await currentCoordinatorId(db, ids.net)).toBe(ids.sanCarlos);
    expect((await loadActor(db, people.coordinator.userId))!.coordinatedNetworkIds).toContain(ids.net);
    expect((await loadActor(db, people.fabian.userId))!.coordinatedNetworkIds).not.toContain(ids.net);
    expect(await runDueHandovers(db, rotationHooks)).toBe(0);
    expect((await db.select().from(agreements).where(eq(agreements.id, coordinationTask.id)))[0].ownerOrganizationId).toBe(ids.sanCarlos);
    for (const person of [people.coordinator, people.fabian]) {
      const [notice] = await noticesOf(person.userId, "coordination_rotation_scheduled");
      expect(notice.body).toContain("OMIL San Fabián asumirá la coordinación");
    }
    // A second rotation while one is scheduled is refused.
    const second = (await rotate(people.coordinator.cookie, { organizationId: ids.sanFabian, startedOn: addDaysToDay(startsOn, 5) })) as Response;
    expect(second.status).toBe(400);
    expect(JSON.stringify(await second.json())).toContain("Ya hay un traspaso programado");

    // The handover page lists by role; the choice (no JavaScript: plain checkboxes) moves the catastro too.
    const page = await (await handoverLoader({ request: requestFor(`/redes/${ids.net}/traspaso`, { cookie: people.coordinator.cookie }), params: { networkId: ids.net }, context })).json();
    expect(page.scheduled?.name).toBe("OMIL San Fabián");
    expect(page.outgoingAgreements.map((a: { id: string }) => a.id).sort()).toEqual([coordinationTask.id, ownTask.id, chosenTask.id].sort());
    const chose = (await handoverAction({
      request: requestFor(`/redes/${ids.net}/traspaso`, {
        cookie: people.coordinator.cookie,
        form: { intent: "handover-choice", listed: [coordinationTask.id, ownTask.id, chosenTask.id], move: [coordinationTask.id, chosenTask.id] },
      }),
      params: { networkId: ids.net },
      context,
    })) as Response;
    expect(chose.status).toBe(200);
    expect(await status(handoverAction({ request: requestFor(`/redes/${ids.net}/traspaso`, { cookie: people.fabian.cookie, form: { intent: "cancel-rotation" } }), params: { networkId: ids.net }, context }))).toBe(403);

    // On the start date the job switches and hands over, once.
    expect(await currentCoordinatorId(db, ids.net, startsOn)).toBe(ids.sanFabian);
    expect(await runDueHandovers(db, rotationHooks, { today: startsOn })).toBe(1);
    expect(await runDueHandovers(db, rotationHooks, { today: startsOn })).toBe(0);
    const owners = new Map((await db.select().from(agreements).where(eq(agreements.networkId, ids.net))).map((a) => [a.id, a.ownerOrganizationId]));
    expect(owners.get(coordinationTask.id)).toBe(ids.sanFabian);
    expect(owners.get(chosenTask.id)).toBe(ids.sanFabian);
    expect(owners.get(ownTask.id)).toBe(ids.sanCarlos);
    for (const person of [people.coordinator, people.fabian]) expect(await noticesOf(person.userId, "coordination_rotation_effective")).toHaveLength(1);
    // History kept: both terms, San Carlos's ending on the start date.
    const history = await terms();
    expect(history.find((t) => t.organizationId === ids.sanCarlos)?.endedOn).toBe(startsOn);
    expect(history.find((t) => t.organizationId === ids.sanFabian)?.handedOverAt).not.toBeNull();
  });
});
