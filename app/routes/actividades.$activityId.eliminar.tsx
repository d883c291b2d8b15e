import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { ErrorList, FormErrors } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { activityDeletion, deleteActivity } from "~/features/activities/deletion.server";
import { STATUS_LABELS, STATUS_TONES } from "~/features/activities/labels";
import { requireReadableActivity } from "~/features/activities/pages.server";
import { DeleteActivitySchema } from "~/features/activities/schema";
import { formatDateTime } from "~/utils/dates";
import { fieldErrorResponse } from "~/utils/forms.server";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Eliminar ${data?.activity.title ?? "actividad"} · Red OMIL` }];

async function loadDeletable(request: Request, activityId: string | undefined) {
  const actor = await requireActor(request);
  const db = getDb();
  const found = await requireReadableActivity(db, actor, activityId);
  requirePermission(actor, "delete", found.resource);
  return { db, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, found } = await loadDeletable(request, params.activityId);
  const { activity, network } = found;
  return json({
    activity: { id: activity.id, title: activity.title, status: activity.status, startsAt: activity.startsAt, endsAt: activity.endsAt },
    networkName: network.name,
    deletion: await activityDeletion(db, activity),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, found } = await loadDeletable(request, params.activityId);
  const submission = parseWithZod(await request.formData(), { schema: DeleteActivitySchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await deleteActivity(db, found.activity.id);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
  return redirect("/actividades?eliminada=1");
}

export default function DeleteActivityPage() {
  const { activity, networkName, deletion } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "delete-activity",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteActivitySchema }),
  });
  return (
    <section className="page" aria-labelledby="delete-title">
      <h1 id="delete-title">Eliminar: {activity.title}</h1>
      <p className="muted">
        {networkName} · {formatDateTime(activity.startsAt)} – {formatDateTime(activity.endsAt, "HH:mm")} · <Badge tone={STATUS_TONES[activity.status]}>{STATUS_LABELS[activity.status]}</Badge>
      </p>
      {deletion.deletable ? (
        <Form method="post" className="form card" {...getFormProps(form)} aria-labelledby="delete-title">
          <p>
            Se eliminarán la actividad y todo lo que depende de ella: OMIL coanfitrionas, tareas, tabla, asistencia y minuta. Los acuerdos que se hayan registrado en ella se
            conservan como acuerdos de la red. Esta acción no se puede deshacer.
          </p>
          <p className="muted">Si la actividad solo no se hará en la fecha prevista, es mejor cancelarla o reprogramarla: así queda el motivo en el historial de la red.</p>
          <FormErrors errors={form.errors} />
          <div className="field">
            <label>
              <input
                type="checkbox"
                name={fields.confirm.name}
                id={fields.confirm.id}
                required
                aria-invalid={fields.confirm.errors ? true : undefined}
                aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined}
              />{" "}
              Entiendo que la actividad se eliminará definitivamente.
            </label>
            <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
          </div>
          <p className="actions">
            <button className="button button--danger" type="submit">
              Eliminar actividad
            </button>
            <Link className="button button--secondary" to={`/actividades/${activity.id}`}>
              Volver sin eliminar
            </Link>
          </p>
        </Form>
      ) : (
        <>
          <Notice tone="warning" role="alert">
            {deletion.reason}
          </Notice>
          <p>
            <Link className="button button--secondary" to={`/actividades/${activity.id}`}>
              Volver a la actividad
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
