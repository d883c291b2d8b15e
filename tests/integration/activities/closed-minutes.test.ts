import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollabCloseCode } from "~/collab/close-codes";
import { formatDocumentName } from "~/collab/document-name";
import { verifyCollabToken } from "~/collab/token";
import { activities, auditEvents, meetingAgendaItems, meetingAttendance } from "~/db/schema";
import { meetingCollabAccess } from "~/features/activities/collab-access.server";
import { collabAccess } from "~/features/features.server";
import { setCollabRevalidator } from "~/permissions/collab-revalidate.server";
import { action as editAction } from "~/routes/actividades.$activityId.editar";
import { action as newAction } from "~/routes/actividades.nueva";
import { CollabRefusal } from "../../../collab-server/auth";
import { requestFor } from "../../factories/rows";
import { connectClient, SECRET, startServer, waitFor, type RunningServer, type TestClient } from "../collab/helpers";
import { createMeeting, dayFromToday, loadMeeting as load, postToMeeting as post, routeContext as context, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;

describe("closing a held meeting's minutes («Cerrar acta») and reopening them", () => {
  let s: Setup;
  let held: string;
  let upcoming: string;
  let collab: RunningServer;
  const clients: TestClient[] = [];

  /** A meeting that took place last week, registered afterwards. */
  async function createHeldMeeting() {
    const day = dayFromToday(-6);
    const response = (await newAction({
      request: requestFor("/actividades/nueva", {
        cookie: s.people.coordinator.cookie,
        form: {
          networkId: s.netA.id,
          typeSlug: "reunion-red",
          title: "Reunión de noviembre",
          startsAt: `${day}T10:00`,
          endsAt: `${day}T12:00`,
          modality: "remota",
          onlineUrl: "https://meet.example.cl/red",
          hostOrganizationId: s.orgs.sanCarlos.id,
          alreadyHeld: "on",
        },
      }),
      params: {},
      context,
    })) as Response;
    expect(response.status).toBe(302);
    return response.headers.get("location")!.split("/").pop()!;
  }
  const closedAt = async (id: string) => (await s.db.select({ at: activities.minutesClosedAt }).from(activities).where(eq(activities.id, id)))[0].at;
  const agendaCount = async (id: string) => (await s.db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.activityId, id))).length;
  const bodyOf = async (promise: Promise<unknown>) => {
    try {
      const r = (await promise) as Response;
      return { status: r.status, text: await r.text() };
    } catch (thrown) {
      const r = thrown as Response;
      return { status: r.status, text: await r.text() };
    }
  };

  beforeAll(async () => {
    s = await setupNetworks();
    held = await createHeldMeeting();
    upcoming = await createMeeting({ days: 10, networkId: s.netA.id, hostOrganizationId: s.orgs.sanCarlos.id, cookie: s.people.coordinator.cookie });
    // The portal's collab wiring (server/collab.ts): the permission module decides on connect and on revalidation.
    collab = await startServer(s.ctx.handle, {
      accessCheck: (c) => collabAccess.current(s.db, c.userId, c.documentName),
      authenticate: async (req, documentName) => {
        const token = new URL(req.url ?? "/", "http://x").searchParams.get("token") ?? "";
        const verified = verifyCollabToken(token, { secret: SECRET, documentName });
        if (!verified.ok) throw new CollabRefusal(CollabCloseCode.UNAUTHORIZED, "Token inválido o vencido");
        const decision = await collabAccess.check(s.db, verified.claims.userId, documentName);
        if (!decision.ok) throw new CollabRefusal(CollabCloseCode.FORBIDDEN, decision.reason);
        return { userId: decision.actor.userId, userName: decision.actor.name, access: decision.access };
      },
    });
    setCollabRevalidator((filter) => collab.collab.accessChanged(filter));
  });
  afterAll(async () => {
    setCollabRevalidator(undefined);
    clients.forEach((c) => c.destroy());
    await collab.stop();
    await s.ctx.close();
  });

  it("is only offered and allowed for a held meeting, and only to the coordination (or the region's DR)", async () => {
    const early = (await post(upcoming, s.people.coordinator.cookie, { intent: "close-minutes" })) as Response;
    expect(early.status).toBe(400);
    expect(JSON.stringify(await early.json())).toContain("Solo puedes cerrar la minuta de una reunión realizada");
    expect(await closedAt(upcoming)).toBeNull();
    expect((await load(upcoming, s.people.coordinator.cookie)).can.close).toBe(false);

    expect((await load(held, s.people.coordinator.cookie)).can.close).toBe(true);
    expect((await load(held, s.people.sanFabian.cookie)).can.close).toBe(false);
    expect(await status(post(held, s.people.sanFabian.cookie, { intent: "close-minutes" }))).toBe(403);
    expect(await status(post(held, s.people.foreign.cookie, { intent: "close-minutes" }))).toBe(404);
    expect(await closedAt(held)).toBeNull();
  });

  it("closes: the live editor of a member becomes read-only at once, the history and the audit log say who and when", async () => {
    expect(await status(post(held, s.people.sanFabian.cookie, { intent: "add-agenda", title: "Balance del año", presenter: "", minutes: "20" }))).toBe(302);
    const name = formatDocumentName({ kind: "meeting", id: held });
    const member = await connectClient(collab.url, name, { userId: s.people.sanFabian.actor.userId });
    clients.push(member);
    await member.synced();
    expect(member.readOnlyNotices).toEqual([]);

    const response = (await post(held, s.people.coordinator.cookie, { intent: "close-minutes" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/reuniones/${held}?guardado=acta-cerrada#minutes-title`);
    expect(await closedAt(held)).toBeInstanceOf(Date);
    await waitFor(() => member.readOnlyNotices.length === 1, 2_000, "read-only notice");
    expect(member.readOnlyNotices).toEqual([CollabCloseCode.FORBIDDEN]);

    const late = await connectClient(collab.url, name, { userId: s.people.niquen.actor.userId });
    clients.push(late);
    await late.synced();
    expect(late.readOnlyNotices).toEqual([CollabCloseCode.FORBIDDEN]);
    expect(await meetingCollabAccess(s.db, s.people.sanFabian.actor, held)).toBe("read");

    const page = await load(held, s.people.sanFabian.cookie);
    expect(page.collab.readOnly).toBe(true);
    expect(page.can).toMatchObject({ agenda: false, attendance: false, close: false, reopen: false });
    expect(page.closure.events).toEqual([expect.objectContaining({ kind: "cerrada", userName: s.people.coordinator.actor.name, organizationName: "OMIL San Carlos" })]);
    const audit = await s.db.select().from(auditEvents).where(and(eq(auditEvents.action, "meeting.minutes_closed"), eq(auditEvents.resourceId, held)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: s.people.coordinator.actor.userId, networkId: s.netA.id, regionCode: "16" });
  });

  it("refuses agenda and attendance changes of a closed meeting with a Spanish 403, changing nothing", async () => {
    const before = await agendaCount(held);
    const attempts: Record<string, string>[] = [
      { intent: "add-agenda", title: "Tema tardío", presenter: "", minutes: "10" },
      { intent: "attendance", [`attendance.${s.orgs.niquen.id}`]: "presente" },
    ];
    for (const form of attempts) {
      for (const cookie of [s.people.sanFabian.cookie, s.people.coordinator.cookie, s.people.dr.cookie]) {
        const answer = await bodyOf(post(held, cookie, form));
        expect(answer.status).toBe(403);
        expect(answer.text).toContain("La minuta de esta reunión está cerrada");
      }
    }
    const edit = await bodyOf(
      editAction({
        request: requestFor(`/actividades/${held}/editar`, {
          cookie: s.people.coordinator.cookie,
          form: { typeSlug: "reunion-red", title: "Otro título", startsAt: `${dayFromToday(-6)}T10:00`, endsAt: `${dayFromToday(-6)}T12:00`, modality: "remota", onlineUrl: "https://meet.example.cl/red", hostOrganizationId: s.orgs.sanCarlos.id },
        }),
        params: { activityId: held },
        context,
      }),
    );
    expect(edit.status).toBe(403);
    expect(edit.text).toContain("La minuta de esta reunión está cerrada");
    expect((await s.db.select({ title: activities.title }).from(activities).where(eq(activities.id, held)))[0].title).toBe("Reunión de noviembre");
    expect(await agendaCount(held)).toBe(before);
    expect(await s.db.select().from(meetingAttendance).where(eq(meetingAttendance.activityId, held))).toEqual([]);
    const again = (await post(held, s.people.coordinator.cookie, { intent: "close-minutes" })) as Response;
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain("La minuta ya estaba cerrada.");
  });

  it("reopens only explicitly, with a reason, by the coordination; audited and kept in the history; open editors become writable", async () => {
    expect((await load(held, s.people.coordinator.cookie)).can.reopen).toBe(true);
    expect(await status(post(held, s.people.sanFabian.cookie, { intent: "reopen-minutes", reason: "Quiero editar" }))).toBe(403);
    const noReason = (await post(held, s.people.coordinator.cookie, { intent: "reopen-minutes", reason: " " })) as Response;
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain("Indica por qué reabres la minuta.");
    expect(await closedAt(held)).toBeInstanceOf(Date);

    const name = formatDocumentName({ kind: "meeting", id: held });
    const [member] = clients;
    const droppedWhileClosed = member.text.toString();
    expect(await status(post(held, s.people.coordinator.cookie, { intent: "reopen-minutes", reason: "Faltó registrar la asistencia de Ñiquén" }))).toBe(302);
    expect(await closedAt(held)).toBeNull();
    // The member's socket, downgraded when the minutes closed, is told it may edit again, and its edits are kept.
    await waitFor(() => member.serverNotices.includes("writable"), 2_000, "writable notice");
    member.text.insert(member.text.length, " Asistencia de Ñiquén agregada.");
    const reader = await connectClient(collab.url, name, { userId: s.people.coordinator.actor.userId });
    clients.push(reader);
    await reader.synced();
    await waitFor(() => reader.text.toString().includes("Asistencia de Ñiquén agregada."), 2_000, "the member's edit");
    expect(droppedWhileClosed).not.toContain("Asistencia de Ñiquén agregada.");
    const page = await load(held, s.people.sanFabian.cookie);
    expect(page.collab.readOnly).toBe(false);
    expect(page.closure.events.map((e: { kind: string; reason: string }) => [e.kind, e.reason])).toEqual([
      ["cerrada", ""],
      ["reabierta", "Faltó registrar la asistencia de Ñiquén"],
    ]);
    const audit = await s.db.select().from(auditEvents).where(and(eq(auditEvents.action, "meeting.minutes_reopened"), eq(auditEvents.resourceId, held)));
    expect(audit.map((a) => a.details)).toEqual([{ motivo: "Faltó registrar la asistencia de Ñiquén" }]);
    expect(await status(post(held, s.people.sanFabian.cookie, { intent: "attendance", [`attendance.${s.orgs.niquen.id}`]: "presente" }))).toBe(302);
    expect(await meetingCollabAccess(s.db, s.people.sanFabian.actor, held)).toBe("edit");
    const reopenedAgain = (await post(held, s.people.coordinator.cookie, { intent: "reopen-minutes", reason: "Otra vez" })) as Response;
    expect(reopenedAgain.status).toBe(400);
  });
});
