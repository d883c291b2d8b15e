import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { ErrorList, FormErrors, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { createItinerary, itineraryStops, listItineraries } from "~/features/activities/itineraries.server";
import { STATUS_LABELS } from "~/features/activities/labels";
import { ItinerarySchema } from "~/features/activities/schema";
import type { Actor } from "~/permissions/actor";
import { formatDateTime, formatDay } from "~/utils/dates";
import { fieldErrorResponse } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Ruta de reuniones con alcaldes · Red OMIL" }];

const STOPS = 4;

function regionOf(actor: Actor, request: Request): string {
  const asked = new URL(request.url).searchParams.get("region");
  const regionCode = actor.role === "nc_admin" && asked && /^\d{2}$/.test(asked) ? asked : (actor.regionCode ?? "");
  requirePermission(actor, "plan_itinerary", { type: "calendar", networkId: null, regionCode });
  return regionCode;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const regionCode = regionOf(actor, request);
  const db = getDb();
  const stops = await itineraryStops(db, regionCode);
  return json({
    options: stops.map((s) => ({ value: `${s.networkId}:${s.organizationId}`, label: `${s.organizationName} (${s.networkName})` })),
    itineraries: await listItineraries(db, regionCode),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const regionCode = regionOf(actor, request);
  const submission = parseWithZod(await request.formData(), { schema: ItinerarySchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await createItinerary(getDb(), regionCode, submission.value, actor.userId);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
  return redirect(`/calendario/itinerario${actor.role === "nc_admin" ? `?region=${regionCode}` : ""}`);
}

export default function ItineraryPage() {
  const { options, itineraries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "itinerary-form",
    lastResult: actionData?.result,
    defaultValue: { stops: Array.from({ length: STOPS }, (_, i) => ({ start: ["09:00", "11:00", "13:30", "15:30"][i], end: ["09:30", "11:30", "14:00", "16:00"][i] })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ItinerarySchema }),
  });
  const stopFields = fields.stops.getFieldList();
  return (
    <section className="page" aria-labelledby="itinerary-title">
      <h1 id="itinerary-title">Ruta de reuniones con alcaldes</h1>
      <p>Planifica un día visitando varias comunas vecinas: cada visita queda como una reunión con el alcalde (30 minutos, con su tabla) en el calendario de tu red.</p>
      <Form method="post" className="form card" {...getFormProps(form)} aria-label="Nuevo itinerario">
        <FormErrors errors={form.errors} />
        <TextField label="Nombre del itinerario" field={fields.title} required />
        <TextField label="Día" field={fields.day} type="date" required />
        <ErrorList id={fields.stops.errorId} errors={fields.stops.errors} />
        {Array.from({ length: STOPS }, (_, i) => {
          const stop = stopFields[i]?.getFieldset();
          const name = (key: string) => `stops[${i}].${key}`;
          return (
            <fieldset key={i} className="inline-form">
              <legend>Visita {i + 1}</legend>
              <label htmlFor={`stop-${i}`}>OMIL y comuna</label>
              <select id={`stop-${i}`} name={name("stop")} defaultValue={String(stop?.stop.initialValue ?? "")}>
                <option value="">{i < 2 ? "Elige la OMIL" : "Sin visita"}</option>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
              <label htmlFor={`start-${i}`}>Inicio</label>
              <input id={`start-${i}`} type="time" name={name("start")} defaultValue={String(stop?.start.initialValue ?? "")} />
              <label htmlFor={`end-${i}`}>Término</label>
              <input id={`end-${i}`} type="time" name={name("end")} defaultValue={String(stop?.end.initialValue ?? "")} />
              <ErrorList errors={[...(stop?.stop.errors ?? []), ...(stop?.start.errors ?? []), ...(stop?.end.errors ?? [])]} />
            </fieldset>
          );
        })}
        <div>
          <button className="button" type="submit">
            Crear itinerario
          </button>
        </div>
      </Form>
      <h2>Itinerarios</h2>
      {itineraries.length === 0 ? <p className="muted">Aún no hay itinerarios.</p> : null}
      {itineraries.map((it) => (
        <article key={it.id} className="card">
          <h3>
            {it.title} · {formatDay(it.day)}
          </h3>
          <ol>
            {it.visits.map((v) => (
              <li key={v.id}>
                {formatDateTime(v.startsAt, "HH:mm")} <Link to={`/actividades/${v.id}`}>{v.title}</Link> ({STATUS_LABELS[v.status]})
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
