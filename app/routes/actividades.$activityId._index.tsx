import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getActor, notFound, requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, SelectField, TextField, TextareaField } from "~/components/forms";
import { SavedStatus, savedUrl, useSaved } from "~/components/saved-status";
import { getDb } from "~/db/client.server";
// Registers the rotation hook and collab access in the Remix build's copy of the registries.
import { addTask, changeStatus, findReadableActivity, hasStarted, listNetworkOffices, listTasks, taskShares, toggleTask } from "~/features/activities/activities.server";
import { mayorBrief } from "~/features/activities/briefing.server";
import { activityDeletion } from "~/features/activities/deletion.server";
import { MAYOR_BRIEFING_TYPE, MODALITY_LABELS, STATUS_LABELS, STATUS_TONES, STATUS_TRANSITIONS, isMeetingType } from "~/features/activities/labels";
import { resultSchemaFor } from "~/features/activities/result-forms";
import { ResultsForm } from "~/features/activities/results-form";
import { loadResults, saveResults } from "~/features/activities/results.server";
import { StatusChangeSchema, TaskFormSchema, ToggleTaskSchema } from "~/features/activities/schema";
import { activityLocation } from "~/features/activities/place";
import { activityHooks } from "~/features/features.server";
import { MayorBriefSection } from "~/features/activities/mayor-brief";
import { addDaysToDay, chileDayOf } from "~/features/activities/time";
import { can } from "~/permissions/permissions";
import { formatDateTime, formatDay, todayInChile } from "~/utils/dates";
import { fieldErrorResponse } from "~/utils/forms.server";
import { TableScroll } from "~/components/table-scroll";
import { Notice } from "~/components/notice";
import { Badge, DueBadge } from "~/components/badge";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.activity.title ?? "Actividad"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const db = getDb();
  const found = await findReadableActivity(db, actor, params.activityId ?? "");
  if (!found) {
    if (!actor) await requireActor(request);
    throw notFound("No encontramos esa actividad, o no tienes acceso a ella.");
  }
  const { activity, network, resource } = found;
  const insider = !!actor && can(actor, "read", { type: "calendar", networkId: network.id, regionCode: network.regionCode });
  const tasks = insider ? await listTasks(db, activity.id) : [];
  const today = todayInChile();
  const canDelete = can(actor, "delete", resource);
  return json({
    activity,
    networkName: network.name,
    networkId: network.id,
    typeLabel: found.typeLabel,
    comunaName: found.comunaName,
    hosts: found.hosts,
    insider,
    tasks,
    shares: taskShares(tasks, found.hosts),
    offices: insider ? await listNetworkOffices(db, network.id) : [],
    results: insider ? await loadResults(db, activity.id) : null,
    brief: insider && activity.typeSlug === MAYOR_BRIEFING_TYPE ? await mayorBrief(db, network, today) : null,
    nextBriefingDay: activity.typeSlug === MAYOR_BRIEFING_TYPE && activity.status === "realizada" ? addDaysToDay(chileDayOf(activity.startsAt), 365) : null,
    can: {
      update: can(actor, "update", resource),
      tasks: can(actor, "manage_tasks", resource),
      results: can(actor, "record_results", resource),
      delete: canDelete,
    },
    deletion: canDelete ? await activityDeletion(db, activity) : null,
    location: activityLocation({ ...activity, comunaName: found.comunaName }),
    started: hasStarted(activity),
    today,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const found = await findReadableActivity(db, actor, params.activityId ?? "");
  if (!found) throw notFound();
  const { activity, resource, hosts } = found;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const back = redirect(`/actividades/${activity.id}`);
  const page = `/actividades/${activity.id}`;
  if (intent === "status") {
    requirePermission(actor, "update", resource);
    const submission = parseWithZod(formData, { schema: StatusChangeSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      await changeStatus(db, activity, submission.value.status, submission.value.reason);
    } catch (error) {
      return withIntent(intent, fieldErrorResponse(submission, error));
    }
    return back;
  }
  if (intent === "add-task" || intent === "toggle-task") {
    requirePermission(actor, "manage_tasks", resource);
    const submission = parseWithZod(formData, { schema: intent === "add-task" ? TaskFormSchema : ToggleTaskSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      const value = submission.value;
      if (value.intent === "add-task") await addTask(db, activity, value);
      else await toggleTask(db, activity, value.taskId);
    } catch (error) {
      return withIntent(intent, fieldErrorResponse(submission, error));
    }
    return intent === "add-task" ? redirect(savedUrl(page, "tarea", "#tasks-title")) : back;
  }
  if (intent === "results") {
    requirePermission(actor, "record_results", resource);
    const submission = parseWithZod(formData, { schema: resultSchemaFor(activity.typeSlug, hosts.map((h) => h.organizationId)) });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      await saveResults(db, activity, hosts, submission.value, actor.userId, activityHooks);
    } catch (error) {
      return withIntent(intent, fieldErrorResponse(submission, error));
    }
    return redirect(savedUrl(page, "resultados", "#results-title"));
  }
  throw new Response("Acción desconocida.", { status: 400 });
}

/** Adds the intent to a 400 answer so each form on the page shows only its own errors. */
async function withIntent(intent: string, response: Response) {
  const body = await response.json();
  return json({ intent, result: body.result }, { status: response.status });
}

function useIntentResult(intent: string) {
  const data = useActionData<typeof action>();
  return data && "intent" in data && data.intent === intent ? data.result : undefined;
}

export default function ActivityPage() {
  const data = useLoaderData<typeof loader>();
  const { activity, hosts } = data;
  const resultsResult = useIntentResult("results");
  const resultsSaved = useSaved("resultados");
  const host = hosts.find((h) => h.role === "host");
  const cohosts = hosts.filter((h) => h.role === "cohost");
  return (
    <article className="page" aria-labelledby="activity-title">
      <p className="muted">
        {data.typeLabel} · {data.networkName}
      </p>
      <h1 id="activity-title">{activity.title}</h1>
      <p>
        <Badge tone={STATUS_TONES[activity.status]}>{STATUS_LABELS[activity.status]}</Badge>{" "}
        {activity.recordedAfter ? (
          <Badge tone="neutral" title={`Registrada el ${formatDateTime(activity.recordedAfter)}, después de realizarse`}>
            Registro posterior
          </Badge>
        ) : null}{" "}
        {activity.statusReason ? <span className="muted">Motivo: {activity.statusReason}</span> : null}
      </p>
      <dl className="grid">
        <dt>Cuándo</dt>
        <dd>
          {formatDateTime(activity.startsAt)} – {formatDateTime(activity.endsAt, "HH:mm")} (hora de Chile)
        </dd>
        <dt>Modalidad</dt>
        <dd>{MODALITY_LABELS[activity.modality]}</dd>
        {data.location ? (
          <>
            <dt>Lugar o enlace</dt>
            <dd>{data.location}</dd>
          </>
        ) : null}
        <dt>Organiza</dt>
        <dd>
          {host?.name}
          {cohosts.length ? ` con ${cohosts.map((c) => c.name).join(", ")}` : ""}
        </dd>
        {activity.personInCharge ? (
          <>
            <dt>Persona a cargo</dt>
            <dd>{activity.personInCharge}</dd>
          </>
        ) : null}
        {activity.audience ? (
          <>
            <dt>Público</dt>
            <dd>{activity.audience}</dd>
          </>
        ) : null}
      </dl>
      {activity.notes ? <p style={{ whiteSpace: "pre-wrap" }}>{activity.notes}</p> : null}
      <p className="actions">
        <a className="button button--secondary" href={`/actividades/${activity.id}/evento.ics`}>
          Agregar a mi calendario (.ics)
        </a>
        {data.insider && isMeetingType(activity.typeSlug) ? (
          <Link className="button" to={`/reuniones/${activity.id}`}>
            Tabla, asistencia, minuta y acuerdos
          </Link>
        ) : null}
        {data.can.update ? (
          <Link className="button button--secondary" to={`/actividades/${activity.id}/editar`}>
            Editar
          </Link>
        ) : null}
      </p>
      {data.can.update && STATUS_TRANSITIONS[activity.status].length > 0 ? <StatusForm current={activity.status} started={data.started} startsAt={activity.startsAt} /> : null}
      {data.deletion ? (
        data.deletion.deletable ? (
          <p className="actions">
            <Link className="button button--danger" to={`/actividades/${activity.id}/eliminar`}>
              Eliminar actividad
            </Link>
          </p>
        ) : (
          <p className="muted">{data.deletion.reason}</p>
        )
      ) : null}
      {data.insider ? <TasksSection /> : null}
      {data.insider && activity.status === "realizada" ? (
        data.can.results ? (
          <>
            <SavedStatus show={resultsSaved.saved} message="Guardamos los resultados: ya cuentan para las metas de la red." />
            <ResultsForm typeSlug={activity.typeSlug} hosts={hosts} saved={data.results} lastResult={resultsResult} />
          </>
        ) : data.results ? (
          <p className="muted">Resultados registrados por las OMIL organizadoras.</p>
        ) : null
      ) : null}
      {data.brief ? <MayorBriefSection brief={data.brief} networkName={data.networkName} today={data.today} /> : null}
      {data.nextBriefingDay ? (
        <Notice tone="ok">
          Próxima reunión con el alcalde sugerida: {formatDay(data.nextBriefingDay)}.{" "}
          <Link to={`/actividades/nueva?red=${data.networkId}&tipo=reunion-alcalde`}>Programarla</Link>
        </Notice>
      ) : null}
    </article>
  );
}

function StatusForm({ current, started, startsAt }: { current: keyof typeof STATUS_TRANSITIONS; started: boolean; startsAt: string }) {
  // "Realizada" is offered only once the activity has started; the action refuses it before too.
  const choices = STATUS_TRANSITIONS[current].filter((s) => started || s !== "realizada");
  const [form, fields] = useForm({
    id: "status-form",
    lastResult: useIntentResult("status"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StatusChangeSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-labelledby="status-title">
      <h2 id="status-title">Cambiar estado</h2>
      <input type="hidden" name="intent" value="status" />
      <FormErrors errors={form.errors} />
      <SelectField label="Nuevo estado" field={fields.status} options={choices.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} required />
      {!started && STATUS_TRANSITIONS[current].includes("realizada") ? (
        <p className="muted">Podrás marcarla como realizada cuando comience ({formatDateTime(startsAt)}, hora de Chile).</p>
      ) : null}
      <TextareaField label="Motivo (obligatorio si se cancela o reprograma)" field={fields.reason} rows={2} />
      <div>
        <button className="button" type="submit">
          Cambiar estado
        </button>
      </div>
    </Form>
  );
}

function TasksSection() {
  const { tasks, shares, can: allowed, hosts, today } = useLoaderData<typeof loader>();
  const taskSaved = useSaved("tarea");
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tareas</h2>
      {hosts.length > 1 ? (
        <TableScroll label="Listado de tareas">
          <table>
            <caption>Parte de cada OMIL</caption>
            <thead>
              <tr>
                <th scope="col">OMIL</th>
                <th scope="col">Tareas</th>
                <th scope="col">Cumplidas</th>
                <th scope="col">% del total</th>
              </tr>
            </thead>
            <tbody>
              {shares.map((s) => (
                <tr key={s.organizationId}>
                  <td>{s.name}</td>
                  <td>{s.total}</td>
                  <td>{s.done}</td>
                  <td>{s.percentOfAll}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {tasks.length === 0 ? <p className="muted">Sin tareas todavía.</p> : null}
      <ul>
        {tasks.map((t) => (
          <li key={t.id}>
            {allowed.tasks ? (
              <Form method="post" style={{ display: "inline" }}>
                <input type="hidden" name="intent" value="toggle-task" />
                <input type="hidden" name="taskId" value={t.id} />
                <button className="button button--ghost" type="submit" aria-label={`${t.doneAt ? "Reabrir" : "Marcar cumplida"}: ${t.title}`}>
                  {t.doneAt ? "☑" : "☐"}
                </button>
              </Form>
            ) : null}{" "}
            {t.doneAt ? <s>{t.title}</s> : t.title} — {t.ownerOrganizationName ?? t.ownerPerson}
            {t.dueOn ? <span className="muted"> · plazo {formatDay(t.dueOn)}</span> : null} <DueBadge dueOn={t.dueOn} today={today} done={Boolean(t.doneAt)} doneLabel="Cumplida" />
          </li>
        ))}
      </ul>
      {allowed.tasks ? (
        <>
          <SavedStatus show={taskSaved.saved} message="Guardamos la tarea." />
          <TaskForm key={taskSaved.formKey} />
        </>
      ) : null}
    </section>
  );
}

/** Keyed on the save (see useSaved): after an add it comes back empty. */
function TaskForm() {
  const { offices } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    id: "task-form",
    lastResult: useIntentResult("add-task"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TaskFormSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-label="Agregar tarea">
      <input type="hidden" name="intent" value="add-task" />
      <FormErrors errors={form.errors} />
      <TextField label="Tarea" field={fields.title} required />
      <SelectField label="OMIL responsable" field={fields.ownerOrganizationId} options={offices.map((o) => ({ value: o.id, label: o.name }))} placeholder="Ninguna (indica la persona)" />
      <TextField label="Persona responsable" field={fields.ownerPerson} />
      <TextField label="Plazo" field={fields.dueOn} type="date" />
      <div>
        <button className="button" type="submit">
          Agregar tarea
        </button>
      </div>
    </Form>
  );
}
