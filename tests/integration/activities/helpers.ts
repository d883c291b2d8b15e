import { ensureActivityTypes } from "~/features/activities/taxonomy.server";
import { addDaysToDay } from "~/features/activities/time";
import { todayInChile } from "~/utils/dates";
import { action as newAction } from "~/routes/actividades.nueva";
import { action as meetingAction, loader as meetingLoader } from "~/routes/reuniones.$activityId._index";
import { createNetwork, createOrganization, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";

export const routeContext = { cspNonce: "n", clientIp: "127.0.0.1" };

export { status } from "../../setup/route-context";

/** A day `days` from today in Chile, as the date part of a datetime-local value. */
export const dayFromToday = (days: number) => addDaysToDay(todayInChile(), days);

/**
 * Network A (San Carlos coordinates, San Fabián, Ñiquén), network B (Chillán)
 * in Ñuble, the DR of Ñuble and of Biobío, and a signed-in person for each.
 */
export async function setupNetworks() {
  const ctx = await setupAppContext();
  const db = ctx.handle.db;
  await ensureActivityTypes(db);
  const sanCarlos = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
  const sanFabian = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
  const niquen = await createOrganization(db, { comunaCode: "16303", name: "OMIL Ñiquén" });
  const chillan = await createOrganization(db, { comunaCode: "16101", name: "OMIL Chillán" });
  const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
  const drOther = await createOrganization(db, { kind: "direccion_regional", regionCode: "08", name: "DR Biobío" });
  const netA = await createNetwork(db, [sanCarlos.id, sanFabian.id, niquen.id], { name: "Red Punilla" });
  const netB = await createNetwork(db, [chillan.id], { name: "Red Diguillín" });
  const people = {
    coordinator: await signedInActor(db, sanCarlos.id, "omil_lead"),
    sanFabian: await signedInActor(db, sanFabian.id, "omil_staff"),
    niquen: await signedInActor(db, niquen.id, "omil_lead"),
    foreign: await signedInActor(db, chillan.id, "omil_lead"),
    dr: await signedInActor(db, dr.id, "dr_staff"),
    drOther: await signedInActor(db, drOther.id, "dr_staff"),
  };
  return { ctx, db, orgs: { sanCarlos, sanFabian, niquen, chillan, dr }, netA, netB, people };
}

/** Creates a network meeting `days` from today through the real action; returns its id. */
export async function createMeeting(opts: { days: number; networkId: string; hostOrganizationId: string; cookie: string; hours?: number }): Promise<string> {
  const day = dayFromToday(opts.days);
  const end = String(10 + (opts.hours ?? 2)).padStart(2, "0");
  const response = (await newAction({
    request: requestFor("/actividades/nueva", {
      cookie: opts.cookie,
      form: {
        networkId: opts.networkId,
        typeSlug: "reunion-red",
        title: `Reunión ${day}`,
        startsAt: `${day}T10:00`,
        endsAt: `${day}T${end}:00`,
        modality: "remota",
        onlineUrl: "https://meet.example.cl/x",
        hostOrganizationId: opts.hostOrganizationId,
      },
    }),
    params: {},
    context: routeContext,
  })) as Response;
  if (response.status !== 302) throw new Error(`la reunión no se creó (HTTP ${response.status})`);
  return response.headers.get("location")!.split("/").pop()!;
}

/** Posts a form to a meeting page's action, as the person with `cookie`. */
export const postToMeeting = (id: string, cookie: string, form: Record<string, string>) =>
  meetingAction({ request: requestFor(`/reuniones/${id}`, { cookie, form }), params: { activityId: id }, context: routeContext });

/** A meeting page's loader data, as the person with `cookie`. */
export const loadMeeting = async (id: string, cookie: string) =>
  (await meetingLoader({ request: requestFor(`/reuniones/${id}`, { cookie }), params: { activityId: id }, context: routeContext })).json();
