import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { updateActivity } from "~/features/activities/activities.server";
import { ActivityFormFields } from "~/features/activities/activity-form";
import { MINUTES_CLOSED_MESSAGE } from "~/features/activities/minutes-closure.server";
import { activityFormOptions, requireReadableActivity } from "~/features/activities/pages.server";
import { ActivityFormSchema } from "~/features/activities/schema";
import { instantToChileLocal } from "~/features/activities/time";
import { fieldErrorResponse } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Editar ${data?.title ?? "actividad"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const found = await requireReadableActivity(db, actor, params.activityId);
  if (found.resource.minutesClosed) throw forbidden(MINUTES_CLOSED_MESSAGE);
  requirePermission(actor, "update", found.resource);
  const { activity } = found;
  return json({
    id: activity.id,
    title: activity.title,
    options: await activityFormOptions(db, found.network),
    defaultValue: {
      typeSlug: activity.typeSlug,
      title: activity.title,
      startsAt: instantToChileLocal(activity.startsAt),
      endsAt: instantToChileLocal(activity.endsAt),
      modality: activity.modality,
      comunaCode: activity.comunaCode ?? undefined,
      address: activity.address,
      onlineUrl: activity.onlineUrl,
      personInCharge: activity.personInCharge,
      audience: activity.audience,
      notes: activity.notes,
      hostOrganizationId: found.hosts.find((h) => h.role === "host")?.organizationId,
      cohostIds: found.hosts.filter((h) => h.role === "cohost").map((h) => h.organizationId),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const found = await requireReadableActivity(db, actor, params.activityId);
  if (found.resource.minutesClosed) throw forbidden(MINUTES_CLOSED_MESSAGE);
  requirePermission(actor, "update", found.resource);
  const formData = await request.formData();
  formData.set("networkId", found.network.id);
  const submission = parseWithZod(formData, { schema: ActivityFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    await updateActivity(db, found.network, found.activity, submission.value);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
  return redirect(`/actividades/${found.activity.id}`);
}

export default function EditActivityPage() {
  const { title, options, defaultValue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="page" aria-labelledby="edit-title">
      <h1 id="edit-title">Editar: {title}</h1>
      <ActivityFormFields options={options} lastResult={actionData?.result} defaultValue={defaultValue} submitLabel="Guardar cambios" />
    </section>
  );
}
