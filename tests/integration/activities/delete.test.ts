import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  activities,
  activityHosts,
  activityResults,
  activityResultValues,
  activityTasks,
  agreements,
  collabDocuments,
  collabUpdates,
  meetingAgendaItems,
  meetingAttendance,
  meetingMinutes,
  notifications,
} from "~/db/schema";
import { formatDocumentName } from "~/collab/document-name";
import { collabAccess } from "~/features/features.server";
import { action as newAction } from "~/routes/actividades.nueva";
import { action as deleteAction, loader as deleteLoader } from "~/routes/actividades.$activityId.eliminar";
import { loader as activityLoader } from "~/routes/actividades.$activityId._index";
import { action as meetingAction } from "~/routes/reuniones.$activityId._index";
import { requestFor } from "../../factories/rows";
import { dayFromToday, routeContext as context, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;
type Deletion = { deletable: boolean; reason?: string } | null;

describe("deleting an activity", () => {
  let s: Setup;

  const create = async (form: Partial<Record<string, string | string[]>> = {}, cookie = s.people.coordinator.cookie) => {
    const day = dayFromToday(14);
    const response = (await newAction({
      request: requestFor("/actividades/nueva", {
        cookie,
        form: {
          networkId: s.netA.id,
          typeSlug: "reunion-red",
          title: "Reunión de la red",
          startsAt: `${day}T10:00`,
          endsAt: `${day}T12:00`,
          modality: "remota",
          onlineUrl: "https://meet.example.cl/x",
          hostOrganizationId: s.orgs.sanCarlos.id,
          ...(form as Record<string, string | string[]>),
        },
      }),
      params: {},
      context,
    })) as Response;
    expect(response.status).toBe(302);
    return response.headers.get("location")!.split("/").pop()!;
  };
  const remove = (id: string, cookie: string, form: Record<string, string> = { confirm: "on" }) =>
    deleteAction({ request: requestFor(`/actividades/${id}/eliminar`, { cookie, form }), params: { activityId: id }, context });
  const confirmPage = (id: string, cookie: string) => deleteLoader({ request: requestFor(`/actividades/${id}/eliminar`, { cookie }), params: { activityId: id }, context });
  const exists = async (id: string) => (await s.db.select({ id: activities.id }).from(activities).where(eq(activities.id, id))).length === 1;
  const moveToPast = async (id: string) => {
    const startsAt = new Date(Date.now() - 3 * 24 * 3600_000);
    await s.db.update(activities).set({ startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000) }).where(eq(activities.id, id));
  };

  beforeAll(async () => {
    s = await setupNetworks();
  });
  afterAll(async () => s.ctx.close());

  it("deletes a future activity with everything that depends on it, keeping its agreements as the network's", async () => {
    const id = await create({ cohostIds: [s.orgs.niquen.id] });
    const post = (form: Record<string, string>) => meetingAction({ request: requestFor(`/reuniones/${id}`, { cookie: s.people.coordinator.cookie, form }), params: { activityId: id }, context });
    expect(await status(post({ intent: "add-agenda", title: "Feria", presenter: "", minutes: "30" }))).toBe(302);
    expect(await status(post({ intent: "attendance", [`attendance.${s.orgs.sanCarlos.id}`]: "presente" }))).toBe(302);
    expect(await status(post({ intent: "add-agreement", text: "Preparar afiche", ownerPerson: "Encargada", dueOn: dayFromToday(30) }))).toBe(302);
    await s.db.insert(activityTasks).values({ activityId: id, title: "Reservar sala", ownerPerson: "Ana" });
    await s.db.insert(meetingMinutes).values({ activityId: id, text: "Borrador", html: "<p>Borrador</p>" });
    const documentName = formatDocumentName({ kind: "meeting", id });
    await s.db.insert(collabDocuments).values({ name: documentName, state: Y.encodeStateAsUpdate(new Y.Doc()) });
    await s.db.insert(collabUpdates).values({ name: documentName, update: Y.encodeStateAsUpdate(new Y.Doc()) });
    await s.db.insert(notifications).values({ userId: s.people.sanFabian.userId, kind: "activity_reminder", title: "Recordatorio", url: `/actividades/${id}`, dedupeKey: `activity:${id}:x` });
    const keptNotification = await s.db.insert(notifications).values({ userId: s.people.sanFabian.userId, kind: "other", title: "Otra", url: "/actividades" }).returning();

    // The activity page offers deleting; the confirmation page explains what goes.
    const page = await (await activityLoader({ request: requestFor(`/actividades/${id}`, { cookie: s.people.coordinator.cookie }), params: { activityId: id }, context })).json();
    expect(page.can.delete).toBe(true);
    expect(page.deletion).toEqual({ deletable: true });
    expect((await (await confirmPage(id, s.people.coordinator.cookie)).json()).deletion).toEqual({ deletable: true });

    const response = (await remove(id, s.people.coordinator.cookie)) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/actividades?eliminada=1");
    expect(await exists(id)).toBe(false);
    for (const table of [activityHosts, activityTasks, meetingAgendaItems, meetingAttendance]) {
      expect(await s.db.select().from(table).where(eq(table.activityId, id))).toEqual([]);
    }
    expect(await s.db.select().from(meetingMinutes).where(eq(meetingMinutes.activityId, id))).toEqual([]);
    expect(await s.db.select().from(collabDocuments).where(eq(collabDocuments.name, documentName))).toEqual([]);
    expect(await s.db.select().from(collabUpdates).where(eq(collabUpdates.name, documentName))).toEqual([]);
    const left = await s.db.select().from(notifications).where(eq(notifications.userId, s.people.sanFabian.userId));
    expect(left.map((n) => n.id)).toEqual([keptNotification[0].id]);
    const [agreement] = await s.db.select().from(agreements).where(eq(agreements.text, "Preparar afiche"));
    expect(agreement).toMatchObject({ networkId: s.netA.id, activityId: null });

    // Deleted: every page of it is a 404 now.
    expect(await status(confirmPage(id, s.people.coordinator.cookie))).toBe(404);
    expect(await status(remove(id, s.people.coordinator.cookie))).toBe(404);
  });

  it("cleans up what a late store of the live minutes re-creates after the meeting was deleted", async () => {
    const id = await create();
    expect(await status(remove(id, s.people.coordinator.cookie))).toBe(302);
    const documentName = formatDocumentName({ kind: "meeting", id });
    await s.db.insert(collabDocuments).values({ name: documentName, state: Y.encodeStateAsUpdate(new Y.Doc()) });
    await collabAccess.storedHook("meeting")!(s.db, id, new Y.Doc());
    expect(await s.db.select().from(collabDocuments).where(eq(collabDocuments.name, documentName))).toEqual([]);
    expect(await s.db.select().from(meetingMinutes).where(eq(meetingMinutes.activityId, id))).toEqual([]);
  });

  it("lets the host office and the region's DR delete, but not another member office", async () => {
    const hostedByNiquen = await create({ hostOrganizationId: s.orgs.niquen.id }, s.people.niquen.cookie);
    expect(await status(confirmPage(hostedByNiquen, s.people.sanFabian.cookie))).toBe(403);
    expect(await status(remove(hostedByNiquen, s.people.sanFabian.cookie))).toBe(403);
    const page = await (await activityLoader({ request: requestFor(`/actividades/${hostedByNiquen}`, { cookie: s.people.sanFabian.cookie }), params: { activityId: hostedByNiquen }, context })).json();
    expect(page.can.delete).toBe(false);
    expect(page.deletion).toBeNull();
    expect(await exists(hostedByNiquen)).toBe(true);
    expect(await status(remove(hostedByNiquen, s.people.niquen.cookie))).toBe(302);
    expect(await exists(hostedByNiquen)).toBe(false);

    const another = await create();
    expect(await status(remove(another, s.people.dr.cookie))).toBe(302);
    expect(await exists(another)).toBe(false);
  });

  it("answers 404 to other networks and regions, and sends anonymous visitors to log in", async () => {
    const id = await create();
    for (const person of [s.people.foreign, s.people.drOther]) {
      expect(await status(confirmPage(id, person.cookie))).toBe(404);
      expect(await status(remove(id, person.cookie))).toBe(404);
    }
    expect(await status(remove(id, ""))).toBe(302);
    expect(await status(remove("00000000-0000-4000-8000-000000000000", s.people.coordinator.cookie))).toBe(404);
    expect(await status(remove("no-es-un-id", s.people.coordinator.cookie))).toBe(404);
    expect(await exists(id)).toBe(true);
  });

  it("needs the confirmation checkbox: without it, a Spanish 400 and nothing deleted", async () => {
    const id = await create();
    const response = (await remove(id, s.people.coordinator.cookie, {})) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).result.error.confirm).toEqual(["Marca la casilla para confirmar que quieres eliminar la actividad."]);
    const wrong = (await remove(id, s.people.coordinator.cookie, { confirm: "quizás" })) as Response;
    expect(wrong.status).toBe(400);
    expect(await exists(id)).toBe(true);
  });

  it("refuses deleting an activity that already happened, explaining in Spanish that it can be cancelled", async () => {
    const id = await create();
    await moveToPast(id);
    const page = (await (await confirmPage(id, s.people.coordinator.cookie)).json()) as { deletion: Deletion };
    expect(page.deletion?.deletable).toBe(false);
    expect(page.deletion?.reason).toContain("ya comenzó o se realizó");
    expect(page.deletion?.reason).toContain("cámbiala a «Cancelada» indicando el motivo");
    const response = (await remove(id, s.people.coordinator.cookie)) as Response;
    expect(response.status).toBe(400);
    expect((await response.json()).result.error.confirm[0]).toContain("no se puede eliminar");
    expect(await exists(id)).toBe(true);
  });

  it("refuses deleting an activity with recorded results, which count for the network's goals", async () => {
    const id = await create({ typeSlug: "feria-laboral", title: "Feria laboral de Punilla", modality: "presencial", comunaCode: "16301", onlineUrl: "" });
    await s.db.update(activities).set({ status: "realizada" }).where(eq(activities.id, id));
    await s.db.insert(activityResults).values({ activityId: id, data: { asistentes: 120 } });
    await s.db.insert(activityResultValues).values({ activityId: id, networkId: s.netA.id, indicator: "ferias", value: 1, occurredOn: dayFromToday(14) });
    const page = (await (await activityLoader({ request: requestFor(`/actividades/${id}`, { cookie: s.people.coordinator.cookie }), params: { activityId: id }, context })).json()) as {
      deletion: Deletion;
    };
    expect(page.deletion?.deletable).toBe(false);
    expect(page.deletion?.reason).toContain("tiene resultados registrados");
    expect(page.deletion?.reason).toContain("Queda en el historial");
    const response = (await remove(id, s.people.coordinator.cookie)) as Response;
    expect(response.status).toBe(400);
    expect(await exists(id)).toBe(true);
    expect(await s.db.select().from(activityResultValues).where(inArray(activityResultValues.activityId, [id]))).toHaveLength(1);
  });
});
