import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { meetingAgendaItems } from "~/db/schema";
import { createMeeting, loadMeeting as load, postToMeeting as post, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;
type Item = { id: string; title: string; presenter: string; minutes: number; position: number };

describe("meeting agenda: editing items in place and reordering them", () => {
  let s: Setup;
  let meetingId = "";
  let otherMeetingId = "";

  const stored = async (id = meetingId): Promise<Item[]> =>
    s.db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.activityId, id)).orderBy(asc(meetingAgendaItems.position));
  const titles = async () => (await stored()).map((i) => i.title);
  const positions = async () => (await stored()).map((i) => i.position);
  const itemTitled = async (title: string) => (await stored()).find((i) => i.title === title)!;

  beforeAll(async () => {
    s = await setupNetworks();
    meetingId = await createMeeting({ days: 10, networkId: s.netA.id, hostOrganizationId: s.orgs.sanCarlos.id, cookie: s.people.coordinator.cookie, hours: 1 });
    otherMeetingId = await createMeeting({ days: 12, networkId: s.netB.id, hostOrganizationId: s.orgs.chillan.id, cookie: s.people.foreign.cookie, hours: 1 });
  });
  afterAll(async () => s.ctx.close());

  beforeEach(async () => {
    await s.db.delete(meetingAgendaItems).where(eq(meetingAgendaItems.activityId, meetingId));
    for (const [title, minutes] of [["Bienvenida", "5"], ["Feria de fin de año", "30"], ["Varios", "10"]] as const) {
      expect(await status(post(meetingId, s.people.coordinator.cookie, { intent: "add-agenda", title, presenter: "", minutes }))).toBe(302);
    }
  });

  it("edits an item's title, presenter and minutes in place, and the agenda-vs-length check follows", async () => {
    expect((await load(meetingId, s.people.coordinator.cookie)).budget).toEqual({ planned: 45, available: 60, over: false });
    const feria = await itemTitled("Feria de fin de año");
    // Any member office of the network may plan the agenda (manage_agenda), not only the host.
    const response = (await post(meetingId, s.people.sanFabian.cookie, { intent: "edit-agenda", itemId: feria.id, title: "Feria intercomunal", presenter: "OMIL San Fabián", minutes: "50" })) as Response;
    expect(response.status).toBe(302);
    const edited = await itemTitled("Feria intercomunal");
    expect(edited).toMatchObject({ id: feria.id, presenter: "OMIL San Fabián", minutes: 50, position: 1 });
    const page = await load(meetingId, s.people.coordinator.cookie);
    expect(page.budget).toEqual({ planned: 65, available: 60, over: true });
    expect(page.agenda.map((i: Item) => i.title)).toEqual(["Bienvenida", "Feria intercomunal", "Varios"]);
  });

  it("refuses a bad edit with Spanish field errors, keeps what was typed and changes nothing", async () => {
    const feria = await itemTitled("Feria de fin de año");
    const before = await stored();
    const response = (await post(meetingId, s.people.coordinator.cookie, { intent: "edit-agenda", itemId: feria.id, title: "X", presenter: "Alguien", minutes: "0" })) as Response;
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.intent).toBe("edit-agenda");
    expect(body.result.error.title).toEqual(["Escribe el tema."]);
    expect(body.result.error.minutes).toEqual(["Al menos 1 minuto."]);
    expect(body.result.initialValue).toMatchObject({ itemId: feria.id, presenter: "Alguien" });
    const bad = (await post(meetingId, s.people.coordinator.cookie, { intent: "edit-agenda", itemId: "no-es-un-id", title: "Tema", minutes: "10" })) as Response;
    expect(bad.status).toBe(400);
    expect((await bad.json()).result.error.itemId).toEqual(["Tema de la tabla no válido."]);
    expect(await stored()).toEqual(before);
  });

  it("moves items up and down with contiguous positions", async () => {
    const varios = await itemTitled("Varios");
    expect(await status(post(meetingId, s.people.sanFabian.cookie, { intent: "move-agenda", itemId: varios.id, direction: "up" }))).toBe(302);
    expect(await titles()).toEqual(["Bienvenida", "Varios", "Feria de fin de año"]);
    expect(await status(post(meetingId, s.people.sanFabian.cookie, { intent: "move-agenda", itemId: varios.id, direction: "up" }))).toBe(302);
    expect(await titles()).toEqual(["Varios", "Bienvenida", "Feria de fin de año"]);
    const bienvenida = await itemTitled("Bienvenida");
    expect(await status(post(meetingId, s.people.coordinator.cookie, { intent: "move-agenda", itemId: bienvenida.id, direction: "down" }))).toBe(302);
    expect(await titles()).toEqual(["Varios", "Feria de fin de año", "Bienvenida"]);
    expect(await positions()).toEqual([0, 1, 2]);
    // The page shows the new order.
    expect((await load(meetingId, s.people.coordinator.cookie)).agenda.map((i: Item) => i.title)).toEqual(["Varios", "Feria de fin de año", "Bienvenida"]);
  });

  it("refuses moving past either end, or in an unknown direction, with a Spanish 400 and no change", async () => {
    const [first, , last] = await stored();
    const before = await stored();
    const up = (await post(meetingId, s.people.coordinator.cookie, { intent: "move-agenda", itemId: first.id, direction: "up" })) as Response;
    expect(up.status).toBe(400);
    expect((await up.json()).result.error.direction).toEqual(["Ese tema ya es el primero de la tabla."]);
    const down = (await post(meetingId, s.people.coordinator.cookie, { intent: "move-agenda", itemId: last.id, direction: "down" })) as Response;
    expect(down.status).toBe(400);
    expect((await down.json()).result.error.direction).toEqual(["Ese tema ya es el último de la tabla."]);
    const sideways = (await post(meetingId, s.people.coordinator.cookie, { intent: "move-agenda", itemId: first.id, direction: "izquierda" })) as Response;
    expect(sideways.status).toBe(400);
    expect((await sideways.json()).result.error.direction).toEqual(["Indica si el tema sube o baja."]);
    expect(await stored()).toEqual(before);
  });

  it("keeps positions contiguous after removing an item and adding another", async () => {
    const feria = await itemTitled("Feria de fin de año");
    expect(await status(post(meetingId, s.people.coordinator.cookie, { intent: "remove-agenda", itemId: feria.id }))).toBe(302);
    expect(await positions()).toEqual([0, 1]);
    expect(await status(post(meetingId, s.people.coordinator.cookie, { intent: "add-agenda", title: "Cierre", presenter: "", minutes: "5" }))).toBe(302);
    expect(await titles()).toEqual(["Bienvenida", "Varios", "Cierre"]);
    expect(await positions()).toEqual([0, 1, 2]);
  });

  it("closes gaps left by older data when an item moves", async () => {
    const items = await stored();
    await s.db.update(meetingAgendaItems).set({ position: 7 }).where(eq(meetingAgendaItems.id, items[2].id));
    await s.db.update(meetingAgendaItems).set({ position: 4 }).where(eq(meetingAgendaItems.id, items[1].id));
    expect(await status(post(meetingId, s.people.coordinator.cookie, { intent: "move-agenda", itemId: items[2].id, direction: "up" }))).toBe(302);
    expect(await titles()).toEqual(["Bienvenida", "Varios", "Feria de fin de año"]);
    expect(await positions()).toEqual([0, 1, 2]);
  });

  it("denies editing and moving to those who may not manage the agenda, and 404s foreign items", async () => {
    const feria = await itemTitled("Feria de fin de año");
    const before = await stored();
    const edit = { intent: "edit-agenda", itemId: feria.id, title: "Hackeado", presenter: "", minutes: "5" };
    const move = { intent: "move-agenda", itemId: feria.id, direction: "up" };
    // The region's DR oversees the network and may plan its agenda.
    expect(await status(post(meetingId, s.people.dr.cookie, { ...edit, title: "Feria de fin de año", minutes: "30" }))).toBe(302);
    // Another network's office and another region's DR do not even see the meeting.
    for (const person of [s.people.foreign, s.people.drOther]) {
      expect(await status(post(meetingId, person.cookie, edit))).toBe(404);
      expect(await status(post(meetingId, person.cookie, move))).toBe(404);
    }
    // Anonymous visitors go to the login page.
    expect(await status(post(meetingId, "", edit))).toBe(302);
    expect(await stored()).toEqual(before);

    // An item of another meeting, posted through this one, is a 404 and stays as it was.
    expect(await status(post(otherMeetingId, s.people.foreign.cookie, { intent: "add-agenda", title: "Tema de Diguillín", presenter: "", minutes: "10" }))).toBe(302);
    const [foreignItem] = await stored(otherMeetingId);
    expect(await status(post(meetingId, s.people.coordinator.cookie, { ...edit, itemId: foreignItem.id }))).toBe(404);
    expect(await status(post(meetingId, s.people.coordinator.cookie, { ...move, itemId: foreignItem.id }))).toBe(404);
    expect(await stored(otherMeetingId)).toEqual([foreignItem]);
    expect(await stored()).toEqual(before);
  });
});
