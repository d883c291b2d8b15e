import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as activityAction } from "~/routes/actividades.$activityId._index";
import { requestFor } from "../../factories/rows";
import { createMeeting, dayFromToday, loadMeeting as load, postToMeeting as post, routeContext as context, setupNetworks } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;

/*
 * After a successful add the page comes back (post/redirect/get) with a
 * `?guardado=` flag that shows «Guardamos…» and empties that form; a refused
 * add answers 400 with what was typed and saves nothing.
 */
describe("forms say they saved and come back empty; refused ones keep what was typed", () => {
  let s: Setup;
  let meeting: string;

  beforeAll(async () => {
    s = await setupNetworks();
    meeting = await createMeeting({ days: 9, networkId: s.netA.id, hostOrganizationId: s.orgs.sanCarlos.id, cookie: s.people.coordinator.cookie });
  });
  afterAll(async () => s.ctx.close());

  it("redirects each add of the meeting page to its «guardado» flag and section", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ intent: "add-agenda", title: "Cuenta de la feria", presenter: "", minutes: "15" }, `/reuniones/${meeting}?guardado=tema#agenda-title`],
      [{ intent: "add-agreement", text: "Enviar la nómina de empresas", ownerOrganizationId: s.orgs.niquen.id, dueOn: dayFromToday(15) }, `/reuniones/${meeting}?guardado=acuerdo#acuerdos`],
      [{ intent: "attendance", [`attendance.${s.orgs.niquen.id}`]: "presente" }, `/reuniones/${meeting}?guardado=asistencia#attendance-title`],
    ];
    for (const [form, location] of cases) {
      const response = (await post(meeting, s.people.sanFabian.cookie, form)) as Response;
      expect({ intent: form.intent, status: response.status, location: response.headers.get("location") }).toEqual({ intent: form.intent, status: 302, location });
    }
    const data = await load(meeting, s.people.sanFabian.cookie);
    expect(data.agenda.map((i: { title: string }) => i.title)).toEqual(["Cuenta de la feria"]);
    expect(data.agreements.map((a: { text: string }) => a.text)).toEqual(["Enviar la nómina de empresas"]);
  });

  it("keeps what was typed on a refused add, and saves nothing", async () => {
    const refused = (await post(meeting, s.people.sanFabian.cookie, { intent: "add-agreement", text: "Sin plazo ni responsable" })) as Response;
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.result.initialValue.text).toBe("Sin plazo ni responsable");
    expect((await load(meeting, s.people.sanFabian.cookie)).agreements).toHaveLength(1);
  });

  it("says it saved a task on the activity page", async () => {
    const response = (await activityAction({
      request: requestFor(`/actividades/${meeting}`, { cookie: s.people.coordinator.cookie, form: { intent: "add-task", title: "Reservar sala", ownerPerson: "Marcela" } }),
      params: { activityId: meeting },
      context,
    })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/actividades/${meeting}?guardado=tarea#tasks-title`);
  });
});
