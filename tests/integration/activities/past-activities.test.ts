import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityResultValues, auditEvents, goalEntries, goals, notifications } from "~/db/schema";
import { runReminders } from "~/features/activities/reminders.server";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import { action as activityAction, loader as activityLoader } from "~/routes/actividades.$activityId._index";
import { action as editAction } from "~/routes/actividades.$activityId.editar";
import { action as newAction, loader as newLoader } from "~/routes/actividades.nueva";
import { requestFor } from "../../factories/rows";
import { dayFromToday, routeContext as context, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;
type Form = Record<string, string | string[]>;

describe("recording the past: a fair that already happened, and 'Realizada' only once started", () => {
  let s: Setup;
  const lastWeek = dayFromToday(-7);
  const fairForm = (overrides: Form = {}): Form => ({
    networkId: s.netA.id,
    typeSlug: "feria-laboral",
    title: "Feria Laboral de Primavera",
    startsAt: `${lastWeek}T10:00`,
    endsAt: `${lastWeek}T14:00`,
    modality: "presencial",
    comunaCode: "16301",
    address: "Plaza de Armas",
    hostOrganizationId: s.orgs.sanCarlos.id,
    cohostIds: [s.orgs.sanFabian.id],
    ...overrides,
  });
  const create = (cookie: string, form: Form) => newAction({ request: requestFor("/actividades/nueva", { cookie, form }), params: {}, context });
  const act = (id: string, cookie: string, form: Form) => activityAction({ request: requestFor(`/actividades/${id}`, { cookie, form }), params: { activityId: id }, context });
  const load = async (id: string, cookie: string) => (await activityLoader({ request: requestFor(`/actividades/${id}`, { cookie }), params: { activityId: id }, context })).json();
  const countActivities = async () => (await s.db.select({ id: activities.id }).from(activities).where(eq(activities.networkId, s.netA.id))).length;

  beforeAll(async () => {
    s = await setupNetworks();
    await loadGoalIndicators(s.db);
  });
  afterAll(async () => s.ctx.close());

  it("refuses a past date without «Ya se realizó», and «Ya se realizó» with a future date, keeping what was typed and creating nothing", async () => {
    const before = await countActivities();
    const past = (await create(s.people.coordinator.cookie, fairForm())) as Response;
    expect(past.status).toBe(400);
    const pastBody = await past.json();
    expect(pastBody.result.error.startsAt.join(" ")).toContain("Si la actividad ya se realizó, marca «Ya se realizó");
    expect(pastBody.result.initialValue.address).toBe("Plaza de Armas");

    const future = dayFromToday(3);
    const early = (await create(s.people.coordinator.cookie, fairForm({ startsAt: `${future}T10:00`, endsAt: `${future}T12:00`, alreadyHeld: "on" }))) as Response;
    expect(early.status).toBe(400);
    const earlyBody = await early.json();
    expect(earlyBody.result.error.alreadyHeld.join(" ")).toContain("Solo puedes registrar como realizada una actividad cuya fecha de inicio ya pasó");
    expect(earlyBody.result.initialValue.title).toBe("Feria Laboral de Primavera");
    expect(await countActivities()).toBe(before);
  });

  it("registers last week's fair as held with the «registro posterior» mark; its results reach the goals; no reminder goes out", async () => {
    const year = lastWeek.slice(0, 4);
    const [goal] = await s.db
      .insert(goals)
      .values({ networkId: s.netA.id, year: Number(year), unit: "personas", periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, title: "Colocados", indicatorSlug: "colocados", target: 100 })
      .returning();
    expect(await status(create(s.people.foreign.cookie, fairForm({ alreadyHeld: "on" })))).toBe(404);
    const response = (await create(s.people.coordinator.cookie, fairForm({ alreadyHeld: "on" }))) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get("location")!.split("/").pop()!;
    const page = await load(id, s.people.niquen.cookie);
    expect(page.activity.status).toBe("realizada");
    expect(page.activity.recordedAfter).toBeTruthy();
    expect(page.can.results).toBe(false); // Ñiquén neither hosts nor coordinates
    const [created] = await s.db.select().from(auditEvents).where(and(eq(auditEvents.action, "activity.created"), eq(auditEvents.resourceId, id)));
    expect(created.details).toMatchObject({ tipo: "feria-laboral", registro_posterior: true });

    const saved = (await act(id, s.people.coordinator.cookie, {
      intent: "results",
      [`colocados.${s.orgs.sanCarlos.id}`]: "9",
      [`colocados.${s.orgs.sanFabian.id}`]: "3",
      [`empresas.${s.orgs.sanCarlos.id}`]: "4",
    })) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/actividades/${id}?guardado=resultados#results-title`);
    const values = await s.db.select().from(activityResultValues).where(eq(activityResultValues.activityId, id));
    expect(values.every((v) => v.occurredOn === lastWeek)).toBe(true);
    const entries = await s.db.select().from(goalEntries).where(eq(goalEntries.goalId, goal.id));
    expect(entries.map((e) => [e.organizationId, e.value, e.activityId]).sort()).toEqual(
      [
        [s.orgs.sanCarlos.id, 9, id],
        [s.orgs.sanFabian.id, 3, id],
      ].sort(),
    );

    await runReminders(s.db, new Date());
    const reminders = await s.db.select().from(notifications).where(and(eq(notifications.kind, "activity_reminder"), like(notifications.url, `%${id}%`)));
    expect(reminders).toEqual([]);
  });

  it("keeps a held activity in the past when edited", async () => {
    const response = (await create(s.people.coordinator.cookie, fairForm({ alreadyHeld: "on", title: "Feria de otoño" }))) as Response;
    const id = response.headers.get("location")!.split("/").pop()!;
    const future = dayFromToday(5);
    const edit = (await editAction({
      request: requestFor(`/actividades/${id}/editar`, { cookie: s.people.coordinator.cookie, form: fairForm({ title: "Feria de otoño", startsAt: `${future}T10:00`, endsAt: `${future}T12:00` }) }),
      params: { activityId: id },
      context,
    })) as Response;
    expect(edit.status).toBe(400);
    expect(JSON.stringify(await edit.json())).toContain("Esta actividad ya se realizó: su inicio no puede quedar en el futuro.");
    const [row] = await s.db.select().from(activities).where(eq(activities.id, id));
    expect(row.startsAt.toISOString()).toBe(new Date(`${lastWeek}T10:00:00-03:00`).toISOString());
  });

  it("refuses «Realizada» before the activity starts, with a Spanish message and no change; allows it once started", async () => {
    const future = dayFromToday(2);
    const response = (await create(s.people.coordinator.cookie, fairForm({ startsAt: `${future}T10:00`, endsAt: `${future}T12:00` }))) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get("location")!.split("/").pop()!;
    expect(await status(act(id, s.people.coordinator.cookie, { intent: "status", status: "programada" }))).toBe(302);
    const page = await load(id, s.people.coordinator.cookie);
    expect(page.started).toBe(false);

    const early = (await act(id, s.people.coordinator.cookie, { intent: "status", status: "realizada" })) as Response;
    expect(early.status).toBe(400);
    expect(JSON.stringify(await early.json())).toContain("Todavía no puedes marcarla como realizada: comienza el");
    const [unchanged] = await s.db.select().from(activities).where(eq(activities.id, id));
    expect(unchanged.status).toBe("programada");

    // Time passes: the activity has started.
    await s.db.update(activities).set({ startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000) }).where(eq(activities.id, id));
    expect(await status(act(id, s.people.coordinator.cookie, { intent: "status", status: "realizada" }))).toBe(302);
    const [held] = await s.db.select().from(activities).where(eq(activities.id, id));
    expect(held.status).toBe("realizada");
    expect(held.recordedAfter).toBeNull();
  });

  it("offers defaults that pass on the first submit: the host office's comuna, in person", async () => {
    const data = await (await newLoader({ request: requestFor(`/actividades/nueva?red=${s.netA.id}`, { cookie: s.people.sanFabian.cookie }), params: {}, context })).json();
    expect(data.defaults).toEqual({ modality: "presencial", comunaCode: "16304", hostOrganizationId: s.orgs.sanFabian.id });
    const day = dayFromToday(20);
    const response = (await create(s.people.sanFabian.cookie, {
      networkId: s.netA.id,
      typeSlug: "feria-laboral",
      title: "Feria con los valores propuestos",
      startsAt: `${day}T10:00`,
      endsAt: `${day}T12:00`,
      ...(data.defaults as Form),
    })) as Response;
    expect(response.status).toBe(302);
  });
});
