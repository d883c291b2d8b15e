import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { MODALITY_LABELS, STATUS_LABELS } from "~/features/activities/labels";
import { RecordedAfterBadge } from "~/features/activities/calendar-views";
import { listNetworkMeetings, saveSchedule } from "~/features/activities/meetings.server";
import { createScheduledMeeting, proposedMeetings } from "~/features/activities/schedule.server";
import { CreateProposedMeetingSchema, MeetingScheduleSchema } from "~/features/activities/schema";
import { describeRule, ORDINAL_LABELS, WEEKDAY_LABELS } from "~/features/activities/time";
import { findReadableNetwork } from "~/features/networks/networks.server";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { todayInChile } from "~/utils/dates";
import { FieldError } from "~/utils/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Reuniones · ${data?.network.name ?? "Red"} · Red OMIL` }];

async function load(request: Request, networkId: string | undefined) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  return { actor, db, network, calendar: { type: "calendar" as const, networkId: network.id, regionCode: network.regionCode } };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, calendar } = await load(request, params.networkId);
  const today = todayInChile();
  const { schedule, proposals } = await proposedMeetings(db, network, today);
  return json({
    network: { id: network.id, name: network.name },
    meetings: await listNetworkMeetings(db, network.id),
    schedule,
    scheduleText: schedule ? describeRule(schedule) : null,
    proposals: proposals.map((p) => ({ day: p.day, startsAt: p.startsAt.toISOString() })),
    canManage: can(actor, "manage_schedule", calendar),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, network, calendar } = await load(request, params.networkId);
  requirePermission(actor, "manage_schedule", calendar);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "schedule") {
    const submission = parseWithZod(formData, { schema: MeetingScheduleSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    await saveSchedule(db, network.id, submission.value);
    return redirect(`/redes/${network.id}/reuniones`);
  }
  const submission = parseWithZod(formData, { schema: CreateProposedMeetingSchema });
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  try {
    const meeting = await createScheduledMeeting(db, network, submission.value.day, todayInChile(), actor.userId);
    return redirect(`/reuniones/${meeting.id}`);
  } catch (error) {
    if (error instanceof FieldError) return json({ intent, result: submission.reply({ formErrors: [error.message] }) }, { status: 400 });
    throw error;
  }
}

export default function NetworkMeetingsPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "schedule-form",
    lastResult: actionData?.intent === "schedule" ? actionData.result : undefined,
    defaultValue: d.schedule
      ? { ordinal: String(d.schedule.ordinal), weekday: String(d.schedule.weekday), startTime: d.schedule.startTime, durationMinutes: String(d.schedule.durationMinutes), modality: d.schedule.modality }
      : { ordinal: "1", weekday: "2", startTime: "10:00", durationMinutes: "120", modality: "hibrida" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: MeetingScheduleSchema }),
  });
  return (
    <section className="page" aria-labelledby="meetings-title">
      <p className="muted">
        <Link to={`/redes/${d.network.id}`}>{d.network.name}</Link>
      </p>
      <h1 id="meetings-title">Reuniones de la red</h1>
      <h2>Calendario de reuniones</h2>
      <p>{d.scheduleText ?? "La red aún no define cuándo se reúne."}</p>
      {actionData?.intent === "create-meeting" ? <FormErrors errors={actionData.result.error?.[""] ?? undefined} /> : null}
      {d.proposals.length > 0 ? (
        <ul>
          {d.proposals.map((p) => (
            <li key={p.day}>
              Propuesta: {formatDateTime(p.startsAt)}
              {d.canManage ? (
                <Form method="post" style={{ display: "inline" }}>
                  <input type="hidden" name="intent" value="create-meeting" />
                  <input type="hidden" name="day" value={p.day} />{" "}
                  <button className="button button--secondary" type="submit">
                    Programar
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {d.canManage ? (
        <Form method="post" className="form card" {...getFormProps(form)} aria-label="Calendario de reuniones">
          <input type="hidden" name="intent" value="schedule" />
          <FormErrors errors={form.errors} />
          <SelectField label="Semana" field={fields.ordinal} options={Object.entries(ORDINAL_LABELS).map(([value, label]) => ({ value, label }))} required />
          <SelectField label="Día" field={fields.weekday} options={Object.entries(WEEKDAY_LABELS).map(([value, label]) => ({ value, label }))} required />
          <TextField label="Hora de inicio" field={fields.startTime} type="time" required />
          <TextField label="Duración (minutos)" field={fields.durationMinutes} type="number" required />
          <SelectField label="Modalidad" field={fields.modality} options={Object.entries(MODALITY_LABELS).map(([value, label]) => ({ value, label }))} />
          <div>
            <button className="button" type="submit">
              Guardar calendario
            </button>
          </div>
        </Form>
      ) : null}
      <h2>Reuniones</h2>
      <ul>
        {d.meetings.map((m) => (
          <li key={m.id}>
            <Link to={`/reuniones/${m.id}`}>{m.title}</Link> — {formatDateTime(m.startsAt)} ({STATUS_LABELS[m.status]}){m.recordedAfter ? <RecordedAfterBadge /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
