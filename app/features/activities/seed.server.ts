import { eq } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "~/db/client.server";
import { activities, activityHosts, activityResults, activityResultValues, activityTasks, agreements, collabDocuments, meetingAgendaItems, meetingAttendance } from "~/db/schema";
import { formatDocumentName } from "~/collab/document-name";
import type { DemoContext } from "~/features/seed/steps.server";
import { todayInChile } from "~/utils/dates";
import { MAYOR_BRIEFING_AGENDA } from "./labels.ts";
import { storeMinutes, saveSchedule } from "./meetings.server.ts";
import { MINUTES_FIELD, readMinutes } from "./minutes-doc.server.ts";
import { resultValueRows } from "./results.server.ts";
import { ensureActivityTypes } from "./taxonomy.server.ts";
import { addDaysToDay, chileLocalToInstant, nthWeekdayOfMonth } from "./time.ts";

/*
 * A realistic year of network life for "Red Territorial Punilla", relative to
 * today: monthly meetings with minutes and agreements (some closed, some
 * overdue), a mayor briefing with commitments, a workshop and a past fair with
 * results, and an upcoming fair co-hosted by the three offices.
 */

type Org = DemoContext["organizations"]["sanCarlos"];

const at = (day: string, time: string) => chileLocalToInstant(`${day}T${time}`)!;

function minutesDoc(paragraphs: [string, string][]): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(MINUTES_FIELD);
  const nodes = paragraphs.map(([kind, text]) => {
    const el = new Y.XmlElement(kind === "h" ? "heading" : "paragraph");
    if (kind === "h") el.setAttribute("level", 2 as unknown as string);
    el.insert(0, [new Y.XmlText(text)]);
    return el;
  });
  fragment.insert(0, nodes);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

async function insertActivity(
  db: Database,
  ctx: DemoContext,
  values: Omit<typeof activities.$inferInsert, "networkId">,
  host: Org,
  cohosts: Org[] = [],
) {
  const [row] = await db.insert(activities).values({ ...values, networkId: ctx.network.id }).returning();
  await db.insert(activityHosts).values([{ activityId: row.id, organizationId: host.id, role: "host" as const }, ...cohosts.map((c) => ({ activityId: row.id, organizationId: c.id, role: "cohost" as const }))]);
  return row;
}

async function recordResults(db: Database, activity: typeof activities.$inferSelect, hosts: Org[], data: Record<string, unknown>) {
  await db.insert(activityResults).values({ activityId: activity.id, data: data as Record<string, string | number | boolean> });
  const rows = resultValueRows(activity, hosts.map((h) => ({ organizationId: h.id, name: h.name, role: "host" as const })), data);
  if (rows.length) await db.insert(activityResultValues).values(rows);
}

export async function seedActivities(ctx: DemoContext) {
  const { db, network } = ctx;
  await ensureActivityTypes(db);
  const [existing] = await db.select({ id: activities.id }).from(activities).where(eq(activities.networkId, network.id)).limit(1);
  if (existing) return;
  const { sanCarlos, sanFabian, niquen } = ctx.organizations;
  const today = todayInChile();
  const [y, m] = today.split("-").map(Number);
  const monthsAgo = (n: number) => {
    const month = ((m - 1 - n + 120) % 12) + 1;
    const year = y + Math.floor((m - 1 - n) / 12);
    return { year, month };
  };
  await saveSchedule(db, network.id, { ordinal: 1, weekday: 2, startTime: "10:00", durationMinutes: 120, modality: "hibrida" });

  // Four past monthly meetings, the first Tuesday of each month.
  const meetingPlans = [
    {
      ago: 4,
      agenda: [["Planificación de la feria laboral intercomunal", "OMIL San Carlos", 40], ["Uso de la BNE: dudas frecuentes", "OMIL Ñiquén", 30], ["Varios", "", 15]],
      minutes: [["h", "Desarrollo"], ["p", "Se revisa la propuesta de feria intercomunal para fin de año; San Carlos ofrece el gimnasio municipal."], ["p", "Ñiquén comparte una guía para registrar ofertas en la BNE sin perder datos."]],
      agreements: [
        { text: "Enviar a la red la guía de registro en la BNE", owner: niquen, due: -100, closed: "Guía enviada por correo y subida a buenas prácticas." },
        { text: "Levantar catastro de empresas de la zona para la feria", owner: sanFabian, due: -60, closed: null },
      ],
    },
    {
      ago: 3,
      agenda: [["Seguimiento de acuerdos", "OMIL San Carlos", 20], ["Taller de apresto laboral remoto", "OMIL San Fabián", 30], ["Reunión con alcaldes", "DR Ñuble", 30]],
      minutes: [["h", "Desarrollo"], ["p", "San Fabián grabará un taller de apresto para toda la red; se acuerda difundirlo por radio local."], ["p", "La Dirección Regional propone una ruta de reuniones con alcaldes."]],
      agreements: [{ text: "Difundir el taller de apresto en radios comunales", owner: sanCarlos, due: -45, closed: "Difusión realizada en dos radios." }],
    },
    {
      ago: 2,
      agenda: [["Resultados del taller de apresto", "OMIL San Fabián", 20], ["Preparación de la feria laboral", "OMIL San Carlos", 45]],
      minutes: [["h", "Desarrollo"], ["p", "El taller tuvo buena asistencia remota; se recomienda repetirlo en horario vespertino."]],
      agreements: [{ text: "Confirmar stands y empresas para la feria", owner: sanCarlos, due: 20, closed: null, status: "en_curso" as const, role: "coordinacion" as const }],
    },
    {
      ago: 1,
      agenda: [["Avance de la feria", "OMIL San Carlos", 30], ["Metas de la red: revisión semestral", "OMIL Ñiquén", 40]],
      minutes: [["h", "Desarrollo"], ["p", "Se confirma la fecha de la feria y la distribución de tareas entre las tres OMIL."]],
      agreements: [{ text: "Enviar afiche de la feria a los municipios", owner: niquen, due: 2, closed: null }],
    },
  ];
  for (const plan of meetingPlans) {
    const { year, month } = monthsAgo(plan.ago);
    const day = nthWeekdayOfMonth(year, month, 2, 1)!;
    if (day >= today) continue;
    const meeting = await insertActivity(
      db,
      ctx,
      { typeSlug: "reunion-red", title: `Reunión mensual de la red (${day.slice(0, 7)})`, startsAt: at(day, "10:00"), endsAt: at(day, "12:00"), modality: "hibrida", comunaCode: sanCarlos.comunaCode, address: "Sala de reuniones municipal", onlineUrl: "https://meet.example.cl/red-punilla", status: "realizada" },
      sanCarlos,
    );
    await db.insert(meetingAgendaItems).values(plan.agenda.map(([title, presenter, minutes], position) => ({ activityId: meeting.id, position, title: String(title), presenter: String(presenter), minutes: Number(minutes) })));
    await db.insert(meetingAttendance).values([
      { activityId: meeting.id, organizationId: sanCarlos.id, status: "presente" as const },
      { activityId: meeting.id, organizationId: sanFabian.id, status: plan.ago === 2 ? ("ausente" as const) : ("remota" as const) },
      { activityId: meeting.id, organizationId: niquen.id, status: "presente" as const },
    ]);
    await db.insert(collabDocuments).values({ name: formatDocumentName({ kind: "meeting", id: meeting.id }), state: minutesDoc(plan.minutes as [string, string][]) });
    const minutes = await readMinutes(db, meeting.id);
    await storeMinutes(db, meeting.id, { text: minutes.text, html: minutes.html });
    for (const a of plan.agreements) {
      const closedAt = a.closed ? at(addDaysToDay(today, Math.min(a.due, -1)), "12:00") : null;
      await db.insert(agreements).values({
        networkId: network.id,
        activityId: meeting.id,
        text: a.text,
        ownerOrganizationId: a.owner.id,
        dueOn: addDaysToDay(today, a.due),
        status: a.closed ? "cumplido" : ("status" in a && a.status) || "pendiente",
        ownerRole: ("role" in a && a.role) || "oficina",
        closingNote: a.closed ?? "",
        closedAt,
        createdAt: meeting.startsAt,
      });
    }
  }

  // The next monthly meeting.
  const next = nthWeekdayOfMonth(monthsAgo(-1).year, monthsAgo(-1).month, 2, 1)!;
  await insertActivity(db, ctx, { typeSlug: "reunion-red", title: `Reunión mensual de la red (${next.slice(0, 7)})`, startsAt: at(next, "10:00"), endsAt: at(next, "12:00"), modality: "hibrida", comunaCode: sanCarlos.comunaCode, address: "Sala de reuniones municipal", onlineUrl: "https://meet.example.cl/red-punilla", status: "programada" }, sanCarlos);

  // Mayor briefing with commitments, two months ago.
  const briefingDay = addDaysToDay(today, -58);
  const briefing = await insertActivity(
    db,
    ctx,
    { typeSlug: "reunion-alcalde", title: "Reunión con el alcalde de San Carlos", startsAt: at(briefingDay, "09:00"), endsAt: at(briefingDay, "09:30"), modality: "presencial", comunaCode: sanCarlos.comunaCode, address: "Alcaldía de San Carlos", personInCharge: "Marcela Contreras", status: "realizada" },
    sanCarlos,
  );
  await db.insert(meetingAgendaItems).values(MAYOR_BRIEFING_AGENDA.map((item, position) => ({ ...item, position, activityId: briefing.id })));
  await recordResults(db, briefing, [sanCarlos], { asistioAlcalde: true, asistioAdministrador: false, asistioDideco: true, nuevaReunion: false, comentarios: "El alcalde ofrece el gimnasio para la feria y pide un informe semestral." });
  await db.insert(agreements).values([
    { networkId: network.id, activityId: briefing.id, text: "Municipio facilita el gimnasio municipal para la feria laboral", ownerPerson: "Administración municipal de San Carlos", dueOn: addDaysToDay(today, 10), createdAt: briefing.startsAt },
    { networkId: network.id, activityId: briefing.id, text: "Enviar al alcalde informe semestral de la OMIL", ownerOrganizationId: sanCarlos.id, dueOn: addDaysToDay(today, -5), createdAt: briefing.startsAt },
  ]);

  // A remote job-readiness workshop with results.
  const workshopDay = addDaysToDay(today, -75);
  const workshop = await insertActivity(
    db,
    ctx,
    { typeSlug: "taller-apresto", title: "Taller de apresto laboral: entrevista de trabajo", startsAt: at(workshopDay, "18:00"), endsAt: at(workshopDay, "19:30"), modality: "remota", onlineUrl: "https://meet.example.cl/apresto", audience: "Personas buscadoras de empleo de la red", status: "realizada" },
    sanFabian,
    [sanCarlos, niquen],
  );
  await recordResults(db, workshop, [sanFabian, sanCarlos, niquen], { participantes: { [sanFabian.id]: 14, [sanCarlos.id]: 9, [niquen.id]: 6 }, orientaciones: { [sanFabian.id]: 14, [sanCarlos.id]: 9, [niquen.id]: 6 }, grabacion: "https://video.example.cl/apresto-entrevista" });

  // A past fair with results (for the mayor's brief).
  const pastFairDay = addDaysToDay(today, -150);
  const pastFair = await insertActivity(
    db,
    ctx,
    { typeSlug: "feria-laboral", title: "Feria laboral de invierno Punilla", startsAt: at(pastFairDay, "10:00"), endsAt: at(pastFairDay, "14:00"), modality: "presencial", comunaCode: niquen.comunaCode, address: "Plaza de Armas", status: "realizada" },
    niquen,
    [sanCarlos],
  );
  await recordResults(db, pastFair, [niquen, sanCarlos], {
    empresas: { [niquen.id]: 8, [sanCarlos.id]: 6 },
    vacantes: { [niquen.id]: 60, [sanCarlos.id]: 45 },
    asistentes: { [niquen.id]: 130, [sanCarlos.id]: 95 },
    derivaciones: { [niquen.id]: 40, [sanCarlos.id]: 31 },
    colocados: { [niquen.id]: 12, [sanCarlos.id]: 9 },
  });

  // The upcoming fair co-hosted by the three offices, with shared tasks.
  const fairDay = addDaysToDay(today, 24);
  const fair = await insertActivity(
    db,
    ctx,
    { typeSlug: "feria-laboral", title: "Feria Laboral Intercomunal Punilla", startsAt: at(fairDay, "10:00"), endsAt: at(fairDay, "15:00"), modality: "presencial", comunaCode: sanCarlos.comunaCode, address: "Gimnasio Municipal de San Carlos", personInCharge: "Marcela Contreras", audience: "Personas buscadoras de empleo de San Carlos, San Fabián y Ñiquén", status: "programada" },
    sanCarlos,
    [sanFabian, niquen],
  );
  await db.insert(activityTasks).values([
    { activityId: fair.id, title: "Reservar gimnasio y mobiliario", ownerOrganizationId: sanCarlos.id, dueOn: addDaysToDay(today, -3), doneAt: new Date() },
    { activityId: fair.id, title: "Convocar empresas agrícolas", ownerOrganizationId: sanFabian.id, dueOn: addDaysToDay(today, 5) },
    { activityId: fair.id, title: "Difusión en radios y redes sociales", ownerOrganizationId: niquen.id, dueOn: addDaysToDay(today, 14) },
    { activityId: fair.id, title: "Traslado de personas desde sectores rurales", ownerOrganizationId: sanFabian.id, dueOn: addDaysToDay(today, 20) },
  ]);
  ctx.log.info(`[demo] Actividades de ${network.name}: reuniones, acuerdos, reunión con el alcalde, taller y feria.`);
}
