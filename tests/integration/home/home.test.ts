import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityTasks, agreements, goalEntries, goals } from "~/db/schema";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import type { HomeWork } from "~/features/home/home.server";
import { loader as homeLoader } from "~/routes/inicio";
import { requestFor } from "../../factories/rows";
import { createMeeting, dayFromToday, routeContext as context, setupNetworks } from "../activities/helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;

/*
 * The signed-in home's "Esta semana" per role, through the real loader: each person sees the work
 * of their own networks (never another network's), the coordinator validates the other offices'
 * entries but not its own (the DR does), an office follows its own agreements and tasks.
 */
describe("home page: what needs doing this week", () => {
  let s: Setup;
  const ids = {} as Record<string, string>;
  const work = async (cookie: string): Promise<HomeWork> => (await (await homeLoader({ request: requestFor("/inicio", { cookie }), params: {}, context })).json()).work;

  beforeAll(async () => {
    s = await setupNetworks();
    const { db, netA, netB, orgs, people } = s;
    ids.meetingA = await createMeeting({ days: 2, networkId: netA.id, hostOrganizationId: orgs.sanCarlos.id, cookie: people.coordinator.cookie });
    ids.meetingB = await createMeeting({ days: 2, networkId: netB.id, hostOrganizationId: orgs.chillan.id, cookie: people.foreign.cookie });
    ids.laterMeetingA = await createMeeting({ days: 20, networkId: netA.id, hostOrganizationId: orgs.sanCarlos.id, cookie: people.coordinator.cookie });
    await db.update(activities).set({ status: "programada" }).where(inArray(activities.id, [ids.meetingA, ids.meetingB, ids.laterMeetingA]));

    const agreement = async (networkId: string, ownerOrganizationId: string, text: string, days: number) =>
      (await db.insert(agreements).values({ networkId, activityId: null, text, ownerOrganizationId, dueOn: dayFromToday(days) }).returning())[0].id;
    ids.fabianOverdue = await agreement(netA.id, orgs.sanFabian.id, "Enviar catastro de empresas", -3);
    ids.carlosDue = await agreement(netA.id, orgs.sanCarlos.id, "Reservar el salón municipal", 4);
    ids.niquenLater = await agreement(netA.id, orgs.niquen.id, "Informe semestral", 30);
    ids.chillanOverdue = await agreement(netB.id, orgs.chillan.id, "Acuerdo de otra red", -1);

    const task = async (activityId: string, ownerOrganizationId: string, title: string, days: number) =>
      (await db.insert(activityTasks).values({ activityId, ownerOrganizationId, title, dueOn: dayFromToday(days) }).returning())[0].id;
    ids.fabianTask = await task(ids.meetingA, orgs.sanFabian.id, "Llevar la lista de asistencia", 1);
    ids.carlosTask = await task(ids.meetingA, orgs.sanCarlos.id, "Preparar la tabla", -1);
    ids.chillanTask = await task(ids.meetingB, orgs.chillan.id, "Tarea de otra red", 1);

    await loadGoalIndicators(db);
    const period = { year: 2026, unit: "personas", periodStart: "2026-01-01", periodEnd: "2026-12-31", indicatorSlug: "colocados", target: 100 };
    const [goalA] = await db.insert(goals).values({ ...period, networkId: netA.id, title: "Colocados Punilla" }).returning();
    const [goalB] = await db.insert(goals).values({ ...period, networkId: netB.id, title: "Colocados Diguillín" }).returning();
    const entry = async (goalId: string, networkId: string, organizationId: string, value: number) =>
      (await db.insert(goalEntries).values({ goalId, networkId, organizationId, value, occurredOn: dayFromToday(-2), source: "manual", status: "pending" }).returning())[0].id;
    ids.fabianEntry = await entry(goalA.id, netA.id, orgs.sanFabian.id, 7);
    ids.carlosEntry = await entry(goalA.id, netA.id, orgs.sanCarlos.id, 5);
    ids.chillanEntry = await entry(goalB.id, netB.id, orgs.chillan.id, 3);
  });
  afterAll(async () => s.ctx.close());

  const idsOf = (list: { id: string }[]) => list.map((i) => i.id).sort();

  it("a coordinator sees its network's meetings, due and overdue agreements and the other offices' entries to validate", async () => {
    const w = await work(s.people.coordinator.cookie);
    expect(w.kind).toBe("coordinator");
    expect(idsOf(w.activities)).toEqual([ids.meetingA]);
    expect(w.activities[0].href).toBe(`/reuniones/${ids.meetingA}`);
    expect(idsOf(w.agreements)).toEqual([ids.fabianOverdue, ids.carlosDue].sort());
    expect(w.agreements.find((a) => a.id === ids.fabianOverdue)).toMatchObject({ overdue: true, href: `/acuerdos?red=${s.netA.id}` });
    expect(w.agreements.find((a) => a.id === ids.carlosDue)?.overdue).toBe(false);
    // Four eyes: San Carlos's own entry waits for the DR, not for San Carlos.
    expect(idsOf(w.validations)).toEqual([ids.fabianEntry]);
    expect(w.validations[0].href).toMatch(new RegExp(`^/redes/${s.netA.id}/metas/`));
    expect(idsOf(w.tasks)).toEqual([ids.carlosTask]);
    expect(w.tasks[0].overdue).toBe(true);
  });

  it("a member office sees only its own agreements and tasks, and validates nothing", async () => {
    const w = await work(s.people.sanFabian.cookie);
    expect(w.kind).toBe("member");
    expect(idsOf(w.activities)).toEqual([ids.meetingA]);
    expect(idsOf(w.agreements)).toEqual([ids.fabianOverdue]);
    expect(idsOf(w.tasks)).toEqual([ids.fabianTask]);
    expect(w.tasks[0].href).toBe(`/actividades/${ids.meetingA}#tasks-title`);
    expect(w.validations).toEqual([]);
  });

  it("another network's office sees only its own network", async () => {
    const w = await work(s.people.foreign.cookie);
    expect(idsOf(w.activities)).toEqual([ids.meetingB]);
    expect(idsOf(w.agreements)).toEqual([ids.chillanOverdue]);
    expect(idsOf(w.tasks)).toEqual([ids.chillanTask]);
    expect(idsOf(w.validations)).toEqual([]);
    const all = JSON.stringify(w);
    for (const foreign of [ids.meetingA, ids.fabianOverdue, ids.carlosDue, ids.fabianTask, ids.fabianEntry, ids.carlosEntry]) expect(all).not.toContain(foreign);
  });

  it("the DR sees its region's pending validations (the coordinator's own included) and activities; another region's DR sees none", async () => {
    const w = await work(s.people.dr.cookie);
    expect(w.kind).toBe("regional");
    expect(idsOf(w.validations)).toEqual([ids.fabianEntry, ids.carlosEntry, ids.chillanEntry].sort());
    expect(idsOf(w.activities)).toEqual([ids.meetingA, ids.meetingB].sort());
    expect(w.agreements).toEqual([]);
    const other = await work(s.people.drOther.cookie);
    expect(other.totals).toEqual({ activities: 0, agreements: 0, tasks: 0, validations: 0 });
  });

  it("keeps every list short for a busy coordinator: the first eight, oldest first, and the count of all", async () => {
    const { db, netA, orgs } = s;
    const [goal] = await db.select().from(goals).where(inArray(goals.title, ["Colocados Punilla"]));
    const many = await db
      .insert(goalEntries)
      .values(Array.from({ length: 12 }, (_, i) => ({ goalId: goal.id, networkId: netA.id, organizationId: orgs.niquen.id, value: i + 1, occurredOn: dayFromToday(-20 + i), source: "manual" as const, status: "pending" as const })))
      .returning();
    try {
      const w = await work(s.people.coordinator.cookie);
      expect(w.totals.validations).toBe(13); // San Fabián's entry and Ñiquén's twelve (not its own)
      expect(w.validations).toHaveLength(8);
      // Oldest first: what has waited longest is shown.
      expect(w.validations[0].id).toBe(many[0].id);
    } finally {
      await db.delete(goalEntries).where(inArray(goalEntries.id, many.map((e) => e.id)));
    }
  });
});
