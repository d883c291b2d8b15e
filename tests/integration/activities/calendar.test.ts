import { eq } from "drizzle-orm";
import ical from "node-ical";
import { activities } from "~/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as newAction } from "~/routes/actividades.nueva";
import { action as calendarAction, loader as calendarLoader } from "~/routes/calendario._index";
import { loader as feedLoader } from "~/routes/ical.$token";
import { action as itineraryAction, loader as itineraryLoader } from "~/routes/calendario.itinerario";
import { requestFor } from "../../factories/rows";
import { dayFromToday, routeContext as context, setupNetworks, status } from "./helpers";

type Setup = Awaited<ReturnType<typeof setupNetworks>>;

describe("calendars and private iCal feeds", () => {
  let s: Setup;
  const day = dayFromToday(12);

  async function activity(cookie: string, networkId: string, host: string, title: string, typeSlug = "taller-apresto") {
    const response = (await newAction({
      request: requestFor("/actividades/nueva", {
        cookie,
        form: { networkId, typeSlug, title, startsAt: `${day}T18:00`, endsAt: `${day}T19:30`, modality: "hibrida", comunaCode: "16304", address: "Biblioteca", onlineUrl: "https://meet.example.cl/apresto", hostOrganizationId: host },
      }),
      params: {},
      context,
    })) as Response;
    expect(response.status).toBe(302);
    return response.headers.get("location")!.split("/").pop()!;
  }
  const calendar = async (cookie: string, query: string) => (await calendarLoader({ request: requestFor(`/calendario?${query}`, { cookie }), params: {}, context })).json();
  const createFeed = async (cookie: string, networkId = "") => {
    const body = await (await calendarAction({ request: requestFor("/calendario", { cookie, form: { intent: "create-feed", networkId } }), params: {}, context })).json();
    return new URL(String(body.feedUrl)).pathname.split("/").pop()!.replace(/\.ics$/, "");
  };
  const fetchFeed = (token: string) => feedLoader({ request: requestFor(`/ical/${token}`), params: { token }, context }) as Promise<Response>;

  beforeAll(async () => {
    s = await setupNetworks();
    const workshop = await activity(s.people.sanFabian.cookie, s.netA.id, s.orgs.sanFabian.id, "Taller de apresto: entrevista");
    await s.db.update(activities).set({ status: "programada" }).where(eq(activities.id, workshop));
    await activity(s.people.foreign.cookie, s.netB.id, s.orgs.chillan.id, "Taller en Chillán");
  });
  afterAll(async () => s.ctx.close());

  it("shows each person the calendars they may see, with type and office filters", async () => {
    const member = await calendar(s.people.niquen.cookie, `vista=lista&fecha=${dayFromToday(0)}`);
    expect(member.entries.map((e: { title: string }) => e.title)).toEqual(["Taller de apresto: entrevista"]);
    const dr = await calendar(s.people.dr.cookie, `vista=mes&fecha=${day}`);
    expect(dr.entries.map((e: { title: string }) => e.title).sort()).toEqual(["Taller de apresto: entrevista", "Taller en Chillán"]);
    expect((await calendar(s.people.drOther.cookie, `vista=mes&fecha=${day}`)).entries).toHaveLength(0);
    expect((await calendar(s.people.dr.cookie, `vista=semana&fecha=${day}&tipo=feria-laboral`)).entries).toHaveLength(0);
    expect((await calendar(s.people.dr.cookie, `vista=semana&fecha=${day}&oficina=${s.orgs.chillan.id}`)).entries.map((e: { title: string }) => e.title)).toEqual(["Taller en Chillán"]);
    expect(await status(calendarLoader({ request: requestFor(`/calendario?red=${s.netB.id}`, { cookie: s.people.niquen.cookie }), params: {}, context }))).toBe(404);
  });

  it("serves a valid iCal feed per network behind a private token, and stops once revoked", async () => {
    const token = await createFeed(s.people.niquen.cookie, s.netA.id);
    const response = await fetchFeed(`${token}.ics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c.type === "VEVENT") as ical.VEvent[];
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe("Taller de apresto: entrevista");
    expect(events[0].location).toContain("Biblioteca");
    expect(events[0].location).toContain("https://meet.example.cl/apresto");
    expect(String(events[0].description)).toContain("/actividades/");
    // 18:00 in Chile in summer time (December) is 21:00 UTC.
    expect(events[0].start.toISOString()).toBe(new Date(`${day}T18:00:00-03:00`).toISOString());

    expect((await fetchFeed("not-a-real-token-at-all-xx")).status).toBe(404);
    const page = await calendar(s.people.niquen.cookie, "vista=lista");
    const feedId = page.feeds[0].id;
    await calendarAction({ request: requestFor("/calendario", { cookie: s.people.niquen.cookie, form: { intent: "revoke-feed", feedId } }), params: {}, context });
    expect((await fetchFeed(`${token}.ics`)).status).toBe(404);
  });

  it("serves a personal feed of every network the person sees, re-checking access on each fetch", async () => {
    const token = await createFeed(s.people.dr.cookie);
    const events = Object.values(ical.sync.parseICS(await (await fetchFeed(`${token}.ics`)).text())).filter((c) => c.type === "VEVENT");
    // Drafts stay out of feeds: Chillán's workshop is still a draft.
    expect(events.map((e) => (e as ical.VEvent).summary)).toEqual(["Taller de apresto: entrevista"]);
    const empty = await (await fetchFeed(`${token}.ics`)).text();
    expect(empty).toContain("BEGIN:VCALENDAR");
    expect(await status(calendarAction({ request: requestFor("/calendario", { cookie: s.people.niquen.cookie, form: { intent: "create-feed", networkId: s.netB.id } }), params: {}, context }))).toBe(404);
  });

  it("lets the DR plan a day visiting several comunas as one itinerary of mayor briefings", async () => {
    const visitDay = dayFromToday(20);
    const form = (second: Record<string, string>) => ({
      title: "Ruta de alcaldes Punilla",
      day: visitDay,
      "stops[0].stop": `${s.netA.id}:${s.orgs.sanCarlos.id}`,
      "stops[0].start": "09:00",
      "stops[0].end": "09:30",
      "stops[1].stop": `${s.netA.id}:${s.orgs.niquen.id}`,
      ...second,
    });
    const post = (cookie: string, body: Record<string, string>) => itineraryAction({ request: requestFor("/calendario/itinerario", { cookie, form: body }), params: {}, context });
    expect(await status(post(s.people.coordinator.cookie, form({ "stops[1].start": "11:00", "stops[1].end": "11:30" })))).toBe(403);
    const overlap = (await post(s.people.dr.cookie, form({ "stops[1].start": "09:15", "stops[1].end": "09:45" }))) as Response;
    expect(overlap.status).toBe(400);
    expect((await overlap.json()).result.error["stops[1].start"]).toEqual(["Se superpone con la visita anterior."]);
    expect(await status(post(s.people.dr.cookie, form({ "stops[1].start": "11:00", "stops[1].end": "11:30" })))).toBe(302);
    const page = await (await itineraryLoader({ request: requestFor("/calendario/itinerario", { cookie: s.people.dr.cookie }), params: {}, context })).json();
    expect(page.itineraries[0].visits.map((v: { title: string }) => v.title)).toEqual(["Reunión con el alcalde: San Carlos", "Reunión con el alcalde: Ñiquén"]);
    // Biobío's DR plans its own region only: it sees none of Ñuble's itineraries or offices.
    const other = await (await itineraryLoader({ request: requestFor("/calendario/itinerario", { cookie: s.people.drOther.cookie }), params: {}, context })).json();
    expect(other).toEqual({ options: [], itineraries: [] });
  });
});
