import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { forbidden, notFound, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { ExportLink } from "~/collab/export-link";
// Registers the rotation hook and collab access in the Remix build's copy of the registries.
import { isMeetingType, MAYOR_BRIEFING_MAX_MINUTES, MAYOR_BRIEFING_TYPE, STATUS_LABELS, STATUS_TONES } from "~/features/activities/labels";
import { RecordedAfterBadge } from "~/features/activities/calendar-views";
import { LiveMinutes } from "~/features/activities/live-minutes";
import { AgendaSection, AgreementsSection, AttendanceSection } from "~/features/activities/meeting-sections";
import { meetingPageData, minutesPackage } from "~/features/activities/meeting-page.server";
import { addAgendaItem, createAgreement, findAgreementInNetwork, moveAgendaItem, removeAgendaItem, saveAttendance, updateAgendaItem, updateAgreement } from "~/features/activities/meetings.server";
import { sendMinutes } from "~/features/activities/minutes-export.server";
import { requireReadableActivity } from "~/features/activities/pages.server";
import {
  AgendaItemSchema,
  AgreementFormSchema,
  AgreementUpdateSchema,
  AttendanceSchema,
  EditAgendaItemSchema,
  MoveAgendaItemSchema,
  RemoveAgendaItemSchema,
  CloseMinutesSchema,
  ReopenMinutesSchema,
  SendMinutesSchema,
} from "~/features/activities/schema";
import { closeMinutes, MINUTES_CLOSED_MESSAGE, reopenMinutes } from "~/features/activities/minutes-closure.server";
import { MinutesClosure } from "~/features/activities/minutes-closure";
import { savedUrl } from "~/components/saved-status";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.activity.title ?? "Reunión"} · Red OMIL` }];

async function loadMeeting(request: Request, activityId: string | undefined) {
  const actor = await requireActor(request);
  const db = getDb();
  const meeting = await requireReadableActivity(db, actor, activityId);
  if (!isMeetingType(meeting.activity.typeSlug)) throw notFound("Esta actividad no es una reunión.");
  // Meetings are private to the network and those who oversee it (a public fair never reaches here).
  if (!can(actor, "read", { type: "calendar", networkId: meeting.network.id, regionCode: meeting.network.regionCode })) throw notFound();
  return { actor, db, meeting };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, meeting } = await loadMeeting(request, params.activityId);
  const data = await meetingPageData(db, actor, meeting);
  return json({ activity: meeting.activity, networkName: meeting.network.name, isMayorBriefing: meeting.activity.typeSlug === MAYOR_BRIEFING_TYPE, ...data });
}

const schemas = {
  "add-agenda": AgendaItemSchema,
  "edit-agenda": EditAgendaItemSchema,
  "move-agenda": MoveAgendaItemSchema,
  "remove-agenda": RemoveAgendaItemSchema,
  attendance: AttendanceSchema,
  "add-agreement": AgreementFormSchema,
  "update-agreement": AgreementUpdateSchema,
  "send-minutes": SendMinutesSchema,
  "close-minutes": CloseMinutesSchema,
  "reopen-minutes": ReopenMinutesSchema,
} as const;
type Intent = keyof typeof schemas;
/** What closing the minutes locks (agreements keep being followed up). */
const LOCKED_WHEN_CLOSED: Intent[] = ["add-agenda", "edit-agenda", "move-agenda", "remove-agenda", "attendance"];

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, meeting } = await loadMeeting(request, params.activityId);
  const { activity, network, resource } = meeting;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "") as Intent;
  const schema = schemas[intent];
  if (!schema) throw new Response("Acción desconocida.", { status: 400 });
  if (resource.minutesClosed && LOCKED_WHEN_CLOSED.includes(intent)) throw forbidden(MINUTES_CLOSED_MESSAGE);
  const submission = parseWithZod(formData, { schema: schema as z.ZodTypeAny });
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  const value: unknown = submission.value;
  const agreementResource = (ownerOrganizationId: string | null) => ({ type: "agreement" as const, networkId: network.id, regionCode: network.regionCode, ownerOrganizationId });
  try {
    switch (intent) {
      case "add-agenda":
        requirePermission(actor, "manage_agenda", resource);
        await addAgendaItem(db, activity.id, value as z.infer<typeof AgendaItemSchema>);
        break;
      case "edit-agenda": {
        requirePermission(actor, "manage_agenda", resource);
        const { itemId, title, presenter, minutes } = value as z.infer<typeof EditAgendaItemSchema>;
        if (!(await updateAgendaItem(db, activity.id, itemId, { title, presenter, minutes }))) throw notFound("Ese tema no está en la tabla de esta reunión.");
        return redirect(`/reuniones/${activity.id}#agenda-title`);
      }
      case "move-agenda": {
        requirePermission(actor, "manage_agenda", resource);
        const { itemId, direction } = value as z.infer<typeof MoveAgendaItemSchema>;
        if (!(await moveAgendaItem(db, activity.id, itemId, direction))) throw notFound("Ese tema no está en la tabla de esta reunión.");
        return redirect(`/reuniones/${activity.id}#agenda-title`);
      }
      case "remove-agenda":
        requirePermission(actor, "manage_agenda", resource);
        await removeAgendaItem(db, activity.id, (value as z.infer<typeof RemoveAgendaItemSchema>).itemId);
        break;
      case "attendance":
        requirePermission(actor, "manage_agenda", resource);
        await saveAttendance(db, activity, (value as z.infer<typeof AttendanceSchema>).attendance);
        break;
      case "add-agreement":
        requirePermission(actor, "create", agreementResource(null));
        await createAgreement(db, activity, value as z.infer<typeof AgreementFormSchema>, actor.userId);
        break;
      case "update-agreement": {
        const update = value as z.infer<typeof AgreementUpdateSchema>;
        const agreement = await findAgreementInNetwork(db, network.id, update.agreementId);
        if (!agreement) throw notFound("Ese acuerdo no es de esta red.");
        requirePermission(actor, "update", agreementResource(agreement.ownerOrganizationId));
        await updateAgreement(db, agreement, update.status, update.closingNote);
        break;
      }
      case "send-minutes": {
        requirePermission(actor, "send_minutes", resource);
        const data = await meetingPageData(db, actor, meeting);
        const count = await sendMinutes(db, minutesPackage(meeting, data));
        return redirect(`/reuniones/${activity.id}?minuta=enviada&destinatarios=${count}`);
      }
      case "close-minutes":
        requirePermission(actor, "close_minutes", resource);
        await closeMinutes(db, meeting, actor);
        return redirect(`/reuniones/${activity.id}?guardado=acta-cerrada#minutes-title`);
      case "reopen-minutes":
        requirePermission(actor, "reopen_minutes", resource);
        await reopenMinutes(db, meeting, actor, (value as z.infer<typeof ReopenMinutesSchema>).reason);
        return redirect(`/reuniones/${activity.id}?guardado=acta-reabierta#minutes-title`);
    }
  } catch (error) {
    if (error instanceof FieldError) return json({ intent, result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
    throw error;
  }
  const page = `/reuniones/${activity.id}`;
  // A successful add says so and comes back with an empty form (post/redirect/get, works without JavaScript).
  if (intent === "add-agenda") return redirect(savedUrl(page, "tema", "#agenda-title"));
  if (intent === "add-agreement") return redirect(savedUrl(page, "acuerdo", "#acuerdos"));
  if (intent === "attendance") return redirect(savedUrl(page, "asistencia", "#attendance-title"));
  return redirect(`${page}${intent.includes("agreement") ? "#acuerdos" : ""}`);
}

export default function MeetingPage() {
  const data = useLoaderData<typeof loader>();
  const { activity } = data;
  return (
    <article className="page" aria-labelledby="meeting-title">
      <p className="muted">
        {data.networkName} · <Link to={`/actividades/${activity.id}`}>Ficha de la actividad</Link>
      </p>
      <h1 id="meeting-title">{activity.title}</h1>
      <p>
        {formatDateTime(activity.startsAt)} – {formatDateTime(activity.endsAt, "HH:mm")} · <Badge tone={STATUS_TONES[activity.status]}>{STATUS_LABELS[activity.status]}</Badge>
        {activity.recordedAfter ? <RecordedAfterBadge /> : null}
        {activity.minutesClosedAt ? (
          <>
            {" "}
            <Badge tone="neutral">Acta cerrada</Badge>
          </>
        ) : null}
      </p>
      {data.isMayorBriefing ? (
        <Notice tone="warning">Reunión con el alcalde: máximo {MAYOR_BRIEFING_MAX_MINUTES} minutos, tabla clara, presentación breve, tiempo para sus comentarios y para presentar al equipo OMIL. Registra los compromisos como acuerdos.</Notice>
      ) : null}
      <AgendaSection />
      <AttendanceSection />
      <section aria-labelledby="minutes-title">
        <h2 id="minutes-title">Minuta</h2>
        <MinutesClosure />
        <LiveMinutes documentName={data.collab.documentName} user={data.collab.user} readOnly={data.collab.readOnly} storedHtml={data.minutes.html} />
        <p className="actions">
          <ExportLink className="button button--secondary" href={`/reuniones/${activity.id}/minuta.docx`}>
            Descargar minuta (DOCX)
          </ExportLink>
          <ExportLink className="button button--secondary" href={`/reuniones/${activity.id}/imprimir`}>
            Versión para imprimir
          </ExportLink>
        </p>
        {data.can.send ? (
          <Form method="post" aria-label="Enviar minuta">
            <input type="hidden" name="intent" value="send-minutes" />
            <button className="button" type="submit">
              Enviar minuta a las OMIL de la red
            </button>
            {data.minutes.sentAt ? <span className="muted"> Última vez enviada: {formatDateTime(data.minutes.sentAt)}</span> : null}
          </Form>
        ) : null}
      </section>
      <AgreementsSection />
    </article>
  );
}
