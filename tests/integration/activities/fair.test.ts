import { eq } from "drizzle-orm";
import ical from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityResultValues } from "~/db/schema";
import { action as newAction } from "~/routes/actividades.nueva";
import { action as activityAction, loader as activityLoader } from "~/routes/actividades.$activityId._index";
import { loader as icsLoader } from "~/routes/actividades.$activityId.evento[.ics]";
import { loader as fairsLoader } from "~/routes/ferias._index";
import { requestFor } from "../../factories/rows";
import { dayFromToday, routeContext as context, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;

describe("a job fair co-hosted by three offices, end to end", () => {
  let s: Setup;
  let fairId: string;
  const day = dayFromToday(30);

  const fairForm = (overrides: Record<string, string | string[]> = {}) => ({
    networkId: s.netA.id,
    typeSlug: "feria-laboral",
    title: "Feria Laboral Intercomunal",
    startsAt: `${day}T10:00`,
    endsAt: `${day}T15:00`,
    modality: "presencial",
    comunaCode: "16301",
    address: "Gimnasio Municipal",
    personInCharge: "Marcela",
    audience: "Personas buscadoras de empleo",
    hostOrganizationId: s.orgs.sanCarlos.id,
    cohostIds: [s.orgs.sanFabian.id, s.orgs.niquen.id],
    ...overrides,
  });
  const create = (cookie: string, form: Record<string, string | string[]>) => newAction({ request: requestFor("/actividades/nueva", { cookie, form }), params: {}, context });
  const act = (cookie: string, form: Record<string, string | string[]>) =>
    activityAction({ request: requestFor(`/actividades/${fairId}`, { cookie, form }), params: { activityId: fairId }, context });

  beforeAll(async () => {
    s = await setupNetworks();
  });
  afterAll(async () => s.ctx.close());

  it("refuses bad input with a Spanish message and keeps what was typed", async () => {
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ endsAt: `${day}T09:00` }, "endsAt", "El término debe ser posterior al inicio."],
      [{ startsAt: `${dayFromToday(-3)}T10:00`, endsAt: `${dayFromToday(-3)}T12:00` }, "startsAt", "La fecha de inicio ya pasó"],
      [{ cohostIds: [s.orgs.sanFabian.id, s.orgs.chillan.id] }, "cohostIds", "OMIL Chillán no es miembro de la red"],
    ];
    for (const [overrides, field, message] of cases) {
      const response = (await create(s.people.coordinator.cookie, fairForm(overrides))) as Response;
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.result.error[field].join(" ")).toContain(message);
      expect(body.result.initialValue.title).toBe("Feria Laboral Intercomunal");
      expect(body.result.initialValue.address).toBe("Gimnasio Municipal");
    }
  });

  it("is created by the coordinator as a draft with host and co-hosts, hidden from the public until programmed", async () => {
    expect(await status(create(s.people.foreign.cookie, fairForm()))).toBe(404);
    const response = (await create(s.people.coordinator.cookie, fairForm())) as Response;
    expect(response.status).toBe(302);
    fairId = response.headers.get("location")!.split("/").pop()!;
    const load = (cookie?: string) => activityLoader({ request: requestFor(`/actividades/${fairId}`, { cookie }), params: { activityId: fairId }, context });
    const data = await (await load(s.people.niquen.cookie)).json();
    expect(data.activity.status).toBe("borrador");
    expect(data.hosts.map((h: { name: string; role: string }) => `${h.role}:${h.name}`).sort()).toEqual(["cohost:OMIL San Fabián", "cohost:OMIL Ñiquén", "host:OMIL San Carlos"]);
    expect(await status(load(s.people.foreign.cookie))).toBe(404);
    expect(await status(load(undefined))).toBe(302);
  });

  it("follows the status flow and asks for a reason to reschedule", async () => {
    expect(await status(act(s.people.sanFabian.cookie, { intent: "status", status: "programada" }))).toBe(302); // co-host may
    const noReason = (await act(s.people.coordinator.cookie, { intent: "status", status: "reprogramada" })) as Response;
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain("Indica el motivo");
    const wrong = (await act(s.people.coordinator.cookie, { intent: "status", status: "borrador" })) as Response;
    expect(wrong.status).toBe(400);
  });

  it("shares the tasks among the three offices", async () => {
    const task = (title: string, owner: string) => act(s.people.coordinator.cookie, { intent: "add-task", title, ownerOrganizationId: owner, dueOn: dayFromToday(10) });
    expect(await status(task("Reservar gimnasio", s.orgs.sanCarlos.id))).toBe(302);
    expect(await status(task("Convocar empresas", s.orgs.sanFabian.id))).toBe(302);
    expect(await status(task("Traslado rural", s.orgs.sanFabian.id))).toBe(302);
    expect(await status(task("Difusión en radios", s.orgs.niquen.id))).toBe(302);
    const noOwner = (await act(s.people.coordinator.cookie, { intent: "add-task", title: "Sin dueño" })) as Response;
    expect(noOwner.status).toBe(400);
    expect(JSON.stringify(await noOwner.json())).toContain("Indica la OMIL o la persona responsable");
    const data = await (await activityLoader({ request: requestFor(`/actividades/${fairId}`, { cookie: s.people.dr.cookie }), params: { activityId: fairId }, context })).json();
    const shares = Object.fromEntries(data.shares.map((x: { name: string; total: number; percentOfAll: number }) => [x.name, [x.total, x.percentOfAll]]));
    expect(shares).toEqual({ "OMIL San Carlos": [1, 25], "OMIL San Fabián": [2, 50], "OMIL Ñiquén": [1, 25] });
  });

  it("appears on the public /ferias page with schema.org Event data and a valid .ics", async () => {
    const page = await (await fairsLoader({ request: requestFor("/ferias?region=16"), params: {}, context })).json();
    const fair = page.fairs.find((f: { id: string }) => f.id === fairId);
    expect(fair).toBeTruthy();
    const ld = JSON.parse(page.jsonLd);
    const event = ld["@type"] === "Event" ? ld : ld["@graph"].find((e: { url: string }) => e.url.endsWith(fairId));
    expect(event).toMatchObject({ "@type": "Event", name: "Feria Laboral Intercomunal", isAccessibleForFree: true });
    expect(event.location.address.addressLocality).toBe("San Carlos");
    expect(event.organizer).toHaveLength(3);
    const other = await (await fairsLoader({ request: requestFor("/ferias?region=08"), params: {}, context })).json();
    expect(other.fairs.some((f: { id: string }) => f.id === fairId)).toBe(false);

    const ics = (await icsLoader({ request: requestFor(`/actividades/${fairId}/evento.ics`), params: { activityId: fairId }, context })) as Response;
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    const parsed = ical.sync.parseICS(await ics.text());
    const vevent = Object.values(parsed).find((c) => c.type === "VEVENT") as ical.VEvent;
    expect(vevent.summary).toBe("Feria Laboral Intercomunal");
    expect(vevent.start.toISOString()).toBe(new Date(`${day}T10:00:00-03:00`).toISOString());
    expect(vevent.location).toContain("Gimnasio Municipal");
    expect(String(vevent.url)).toContain(`/actividades/${fairId}`);
  });

  it("records results per office once done; saving again replaces instead of adding", async () => {
    const results = (hired: string) => ({
      intent: "results",
      [`empresas.${s.orgs.sanCarlos.id}`]: "5",
      [`empresas.${s.orgs.sanFabian.id}`]: "3",
      [`empresas.${s.orgs.niquen.id}`]: "2",
      [`asistentes.${s.orgs.sanCarlos.id}`]: "120",
      [`colocados.${s.orgs.sanCarlos.id}`]: hired,
      [`colocados.${s.orgs.niquen.id}`]: "4",
    });
    const early = (await act(s.people.coordinator.cookie, results("10"))) as Response;
    expect(early.status).toBe(400);
    expect(JSON.stringify(await early.json())).toContain("marca la actividad como realizada");
    // Not before it starts (a month ahead): refused, unchanged.
    const notYet = (await act(s.people.coordinator.cookie, { intent: "status", status: "realizada" })) as Response;
    expect(notYet.status).toBe(400);
    expect(JSON.stringify(await notYet.json())).toContain("Todavía no puedes marcarla como realizada");
    // The day comes (the action's clock is now: the fair is moved to have started an hour ago), then back to its date.
    await s.db.update(activities).set({ startsAt: new Date(Date.now() - 3600_000) }).where(eq(activities.id, fairId));
    expect(await status(act(s.people.coordinator.cookie, { intent: "status", status: "realizada" }))).toBe(302);
    await s.db
      .update(activities)
      .set({ startsAt: new Date(`${day}T10:00:00-03:00`), endsAt: new Date(`${day}T15:00:00-03:00`) })
      .where(eq(activities.id, fairId));
    const negative = (await act(s.people.coordinator.cookie, { ...results("10"), [`vacantes.${s.orgs.niquen.id}`]: "-3" })) as Response;
    expect(negative.status).toBe(400);
    expect(JSON.stringify(await negative.json())).toContain("No puede ser negativo.");
    expect(await status(act(s.people.foreign.cookie, results("10")))).toBe(403); // sees the public fair, cannot touch it
    expect(await status(act(s.people.sanFabian.cookie, results("10")))).toBe(302); // a co-host records too
    expect(await status(act(s.people.coordinator.cookie, results("12")))).toBe(302);

    const rows = await s.db.select().from(activityResultValues).where(eq(activityResultValues.activityId, fairId));
    const byKey = Object.fromEntries(rows.map((r) => [`${r.indicator}:${r.organizationId ?? "red"}`, r.value]));
    expect(byKey).toEqual({
      "ferias-laborales:red": 1,
      [`contactos-empresas:${s.orgs.sanCarlos.id}`]: 5,
      [`contactos-empresas:${s.orgs.sanFabian.id}`]: 3,
      [`contactos-empresas:${s.orgs.niquen.id}`]: 2,
      [`personas-atendidas:${s.orgs.sanCarlos.id}`]: 120,
      [`colocados:${s.orgs.sanCarlos.id}`]: 12,
      [`colocados:${s.orgs.niquen.id}`]: 4,
    });
    expect(rows.every((r) => r.networkId === s.netA.id && r.occurredOn === day)).toBe(true);
  });
});
