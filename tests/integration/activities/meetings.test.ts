import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { activities, activityHosts, agreements, collabDocuments, emailOutbox, notifications } from "~/db/schema";
import { formatDocumentName } from "~/collab/document-name";
import { meetingCollabAccess } from "~/features/activities/collab-access.server";
import { MINUTES_FIELD } from "~/features/activities/minutes-doc.server";
import { runReminders } from "~/features/activities/reminders.server";
import { rotationHooks } from "~/features/features.server";
import { scheduleRotation } from "~/features/networks/rotation.server";
import { loader as meetingLoader } from "~/routes/reuniones.$activityId._index";
import { loader as docxLoader } from "~/routes/reuniones.$activityId.minuta[.docx]";
import { loader as handoverLoader } from "~/routes/redes.$networkId_.traspaso";
import { requestFor } from "../../factories/rows";
import { createMeeting, dayFromToday, loadMeeting as load, postToMeeting as post, routeContext as context, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;

describe("monthly meetings, agreements and their follow-up", () => {
  let s: Setup;
  const ids: Record<"first" | "second" | "third", string> = { first: "", second: "", third: "" };


  beforeAll(async () => {
    s = await setupNetworks();
    ids.first = await createMeeting({ days: 7, networkId: s.netA.id, hostOrganizationId: s.orgs.sanCarlos.id, cookie: s.people.coordinator.cookie });
    ids.second = await createMeeting({ days: 35, networkId: s.netA.id, hostOrganizationId: s.orgs.sanCarlos.id, cookie: s.people.coordinator.cookie });
    ids.third = await createMeeting({ days: 63, networkId: s.netA.id, hostOrganizationId: s.orgs.sanCarlos.id, cookie: s.people.coordinator.cookie });
  });
  afterAll(async () => s.ctx.close());

  it("keeps meetings private: other networks' offices and other regions' DR get 404, the region's DR reads", async () => {
    expect(await status(meetingLoader({ request: requestFor(`/reuniones/${ids.first}`, { cookie: s.people.foreign.cookie }), params: { activityId: ids.first }, context }))).toBe(404);
    expect(await status(meetingLoader({ request: requestFor(`/reuniones/${ids.first}`, { cookie: s.people.drOther.cookie }), params: { activityId: ids.first }, context }))).toBe(404);
    expect(await status(meetingLoader({ request: requestFor(`/reuniones/${ids.first}`), params: { activityId: ids.first }, context }))).toBe(302);
    const asDr = await load(ids.first, s.people.dr.cookie);
    expect(asDr.collab.readOnly).toBe(true);
    expect((await load(ids.first, s.people.sanFabian.cookie)).collab.readOnly).toBe(false);
  });

  it("gives the collab server edit to members, read to the region's DR, nothing to others", async () => {
    expect(await meetingCollabAccess(s.db, s.people.sanFabian.actor, ids.first)).toBe("edit");
    expect(await meetingCollabAccess(s.db, s.people.dr.actor, ids.first)).toBe("read");
    expect(await meetingCollabAccess(s.db, s.people.drOther.actor, ids.first)).toBeNull();
    expect(await meetingCollabAccess(s.db, s.people.foreign.actor, ids.first)).toBeNull();
  });

  it("plans the agenda against the meeting's length and records attendance per office", async () => {
    expect(await status(post(ids.first, s.people.sanFabian.cookie, { intent: "add-agenda", title: "Feria de fin de año", presenter: "San Carlos", minutes: "90" }))).toBe(302);
    expect(await status(post(ids.first, s.people.sanFabian.cookie, { intent: "add-agenda", title: "Varios", presenter: "", minutes: "45" }))).toBe(302);
    const attendance = { intent: "attendance", [`attendance.${s.orgs.sanCarlos.id}`]: "presente", [`attendance.${s.orgs.sanFabian.id}`]: "remota", [`attendance.${s.orgs.niquen.id}`]: "ausente" };
    expect(await status(post(ids.first, s.people.coordinator.cookie, attendance))).toBe(302);
    const data = await load(ids.first, s.people.coordinator.cookie);
    expect(data.budget).toEqual({ planned: 135, available: 120, over: true });
    expect(data.attendance).toEqual({ [s.orgs.sanCarlos.id]: "presente", [s.orgs.sanFabian.id]: "remota", [s.orgs.niquen.id]: "ausente" });
  });

  it("refuses an agreement without owner, keeping the text typed", async () => {
    const response = (await post(ids.first, s.people.coordinator.cookie, { intent: "add-agreement", text: "Enviar afiche a municipios", dueOn: dayFromToday(20) })) as Response;
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.result.error.ownerOrganizationId).toEqual(["Indica la OMIL o la persona responsable del acuerdo."]);
    expect(body.result.initialValue.text).toBe("Enviar afiche a municipios");
  });

  it("records whether an agreement is the coordination's task or the office's own, and refuses any other value", async () => {
    const add = (text: string, ownerRole?: string) =>
      post(ids.third, s.people.coordinator.cookie, { intent: "add-agreement", text, dueOn: dayFromToday(20), ownerOrganizationId: s.orgs.sanCarlos.id, ...(ownerRole ? { ownerRole } : {}) });
    expect(await status(add("Convocar la próxima reunión", "coordinacion"))).toBe(302);
    expect(await status(add("Actualizar la ficha de la OMIL"))).toBe(302);
    const bad = (await add("Otra cosa", "alcaldia")) as Response;
    expect(bad.status).toBe(400);
    expect((await bad.json()).result.error.ownerRole).toBeDefined();
    const page = await load(ids.third, s.people.coordinator.cookie);
    const roles = Object.fromEntries(page.agreements.map((a: { text: string; ownerRole: string }) => [a.text, a.ownerRole]));
    expect(roles).toEqual({ "Convocar la próxima reunión": "coordinacion", "Actualizar la ficha de la OMIL": "oficina" });
  });

  it("carries open agreements onto the next meetings' agenda until closed with a note", async () => {
    const add = (text: string, owner: Record<string, string>) => post(ids.first, s.people.coordinator.cookie, { intent: "add-agreement", text, dueOn: dayFromToday(20), ...owner });
    expect(await status(add("Enviar afiche a municipios", { ownerOrganizationId: s.orgs.niquen.id }))).toBe(302);
    expect(await status(add("Confirmar gimnasio", { ownerPerson: "Administrador municipal" }))).toBe(302);
    const first = await load(ids.first, s.people.coordinator.cookie);
    expect(first.agreements).toHaveLength(2);
    expect(first.carried).toHaveLength(0);

    const second = await load(ids.second, s.people.coordinator.cookie);
    expect(second.carried.map((a: { text: string }) => a.text).sort()).toEqual(["Confirmar gimnasio", "Enviar afiche a municipios"]);
    const poster = second.carried.find((a: { text: string }) => a.text === "Enviar afiche a municipios")!;

    // Closing needs a note; a member office that does not own it cannot close it.
    const noNote = (await post(ids.second, s.people.niquen.cookie, { intent: "update-agreement", agreementId: poster.id, status: "cumplido" })) as Response;
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(await noNote.json())).toContain("nota de cierre");
    expect(await status(post(ids.second, s.people.sanFabian.cookie, { intent: "update-agreement", agreementId: poster.id, status: "cumplido", closingNote: "x" }))).toBe(403);
    expect(await status(post(ids.second, s.people.niquen.cookie, { intent: "update-agreement", agreementId: poster.id, status: "cumplido", closingNote: "Afiche enviado a los tres municipios." }))).toBe(302);

    // Meetings that start after the closing no longer carry it; the other stays until closed.
    const third = await load(ids.third, s.people.coordinator.cookie);
    expect(third.carried.map((a: { text: string }) => a.text)).toEqual(["Confirmar gimnasio"]);
  });

  it("refuses updating another network's agreement through this meeting", async () => {
    const [foreignAgreement] = await s.db.insert(agreements).values({ networkId: s.netB.id, text: "Ajeno", ownerPerson: "X", dueOn: dayFromToday(5) }).returning();
    expect(await status(post(ids.first, s.people.coordinator.cookie, { intent: "update-agreement", agreementId: foreignAgreement.id, status: "en_curso" }))).toBe(404);
  });

  it("exports the live minutes to DOCX and emails them to the member offices through the outbox", async () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Se revisó la feria <intercomunal> y el traslado rural.")]);
    doc.getXmlFragment(MINUTES_FIELD).insert(0, [paragraph]);
    await s.db.insert(collabDocuments).values({ name: formatDocumentName({ kind: "meeting", id: ids.first }), state: Y.encodeStateAsUpdate(doc) });

    const docx = (await docxLoader({ request: requestFor(`/reuniones/${ids.first}/minuta.docx`, { cookie: s.people.sanFabian.cookie }), params: { activityId: ids.first }, context })) as Response;
    expect(docx.headers.get("content-type")).toContain("wordprocessingml");
    const bytes = new Uint8Array(await docx.arrayBuffer());
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe("PK");

    expect(await status(post(ids.first, s.people.sanFabian.cookie, { intent: "send-minutes" }))).toBe(403);
    expect(await status(post(ids.first, s.people.coordinator.cookie, { intent: "send-minutes" }))).toBe(302);
    const mails = await s.db.select().from(emailOutbox);
    const recipients = mails.map((m) => m.to).sort();
    expect(recipients).toEqual([s.people.coordinator, s.people.sanFabian, s.people.niquen].map((p) => p.actor.email).sort());
    expect(mails[0].text).toContain("Se revisó la feria <intercomunal> y el traslado rural.");
    expect(mails[0].text).toContain("Enviar afiche a municipios");
    const page = await load(ids.first, s.people.coordinator.cookie);
    expect(page.minutes.html).toContain("&lt;intercomunal&gt;");
    expect(page.minutes.sentAt).not.toBeNull();
  });

  it("reminds once per person: activities N days ahead, agreements due soon or overdue", async () => {
    await s.db.update(activities).set({ status: "programada" }).where(eq(activities.id, ids.first));
    const [overdue] = await s.db.insert(agreements).values({ networkId: s.netA.id, activityId: ids.first, text: "Informe atrasado", ownerOrganizationId: s.orgs.sanFabian.id, dueOn: dayFromToday(-2) }).returning();
    // reminderDays defaults to 3: today the meeting (7 days away) is not due a reminder; in 5 days it is.
    expect(await runReminders(s.db, new Date())).toBeGreaterThanOrEqual(0);
    const before = await s.db.select().from(notifications).where(eq(notifications.kind, "activity_reminder"));
    expect(before).toHaveLength(0);
    const inFiveDays = new Date(Date.now() + 5 * 24 * 3600_000);
    const created = await runReminders(s.db, inFiveDays);
    expect(created).toBeGreaterThan(0);
    const again = await runReminders(s.db, inFiveDays);
    expect(again).toBe(0);
    const fabian = await s.db.select().from(notifications).where(eq(notifications.userId, s.people.sanFabian.userId));
    expect(fabian.map((n) => n.kind).sort()).toContain("activity_reminder");
    expect(fabian.some((n) => n.kind === "agreement_overdue" && n.dedupeKey?.startsWith(`agreement:${overdue.id}:overdue`))).toBe(true);
    const foreign = await s.db.select().from(notifications).where(eq(notifications.userId, s.people.foreign.userId));
    // Chillán only hears about its own network's agreement (coordinator of network B, owner is a person).
    expect(foreign.map((n) => n.kind)).toEqual(["agreement_due_soon"]);
    expect(foreign[0].body).toContain("Ajeno");
  });

  it("hands over the coordination's open agreements and upcoming meetings to the new coordinator; the office's own tasks stay", async () => {
    const [owned] = await s.db
      .insert(agreements)
      .values({ networkId: s.netA.id, text: "Coordinar con SENCE", ownerOrganizationId: s.orgs.sanCarlos.id, ownerRole: "coordinacion", dueOn: dayFromToday(15) })
      .returning();
    const [ownTask] = await s.db.insert(agreements).values({ networkId: s.netA.id, text: "Informe al alcalde de San Carlos", ownerOrganizationId: s.orgs.sanCarlos.id, dueOn: dayFromToday(15) }).returning();
    await scheduleRotation(s.db, s.netA, { organizationId: s.orgs.niquen.id, year: 2027, startedOn: dayFromToday(0), note: "Traspaso anual" }, s.people.coordinator.actor, rotationHooks);
    const [moved] = await s.db.select().from(agreements).where(eq(agreements.id, owned.id));
    expect(moved.ownerOrganizationId).toBe(s.orgs.niquen.id);
    const [stayed] = await s.db.select().from(agreements).where(eq(agreements.id, ownTask.id));
    expect(stayed.ownerOrganizationId).toBe(s.orgs.sanCarlos.id);
    const [host] = await s.db.select().from(activityHosts).where(and(eq(activityHosts.activityId, ids.second), eq(activityHosts.role, "host")));
    expect(host.organizationId).toBe(s.orgs.niquen.id);
    const summary = await (await handoverLoader({ request: requestFor(`/redes/${s.netA.id}/traspaso`, { cookie: s.people.niquen.cookie }), params: { networkId: s.netA.id }, context })).json();
    expect(summary.handover!.movedAgreements.map((a: { id: string }) => a.id)).toContain(owned.id);
    expect(summary.handover!.movedAgreements.map((a: { id: string }) => a.id)).not.toContain(ownTask.id);
    expect(summary.handover!.movedMeetings.map((m: { id: string }) => m.id).sort()).toEqual([ids.first, ids.second, ids.third].sort());
    expect(summary.handover!.fromName).toBe("OMIL San Carlos");
    expect(await status(handoverLoader({ request: requestFor(`/redes/${s.netA.id}/traspaso`, { cookie: s.people.foreign.cookie }), params: { networkId: s.netA.id }, context }))).toBe(404);
  });
});
