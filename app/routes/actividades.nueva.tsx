import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { createActivity } from "~/features/activities/activities.server";
import { ActivityFormFields } from "~/features/activities/activity-form";
import { calendarNetworkIds } from "~/features/activities/calendar.server";
import { isMeetingType } from "~/features/activities/labels";
import { activityFormOptions, newActivityDefaults } from "~/features/activities/pages.server";
import { ActivityFormSchema } from "~/features/activities/schema";
import { findReadableNetwork, listNetworksFor } from "~/features/networks/networks.server";
import { can } from "~/permissions/permissions";
import { fieldErrorResponse } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Nueva actividad · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const url = new URL(request.url);
  const visible = new Set(await calendarNetworkIds(db, actor));
  const networks = (await listNetworksFor(db, actor)).filter(
    (n) => visible.has(n.id) && can(actor, "create_activity", { type: "calendar", networkId: n.id, regionCode: n.regionCode }),
  );
  const chosenId = url.searchParams.get("red") ?? (networks.length === 1 ? networks[0].id : null);
  if (!chosenId) return json({ networks: networks.map((n) => ({ id: n.id, name: n.name })), network: null, options: null, defaults: null, typeSlug: url.searchParams.get("tipo") });
  const network = await findReadableNetwork(db, actor, chosenId);
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  requirePermission(actor, "create_activity", { type: "calendar", networkId: network.id, regionCode: network.regionCode });
  const options = await activityFormOptions(db, network);
  return json({
    networks: networks.map((n) => ({ id: n.id, name: n.name })),
    network: { id: network.id, name: network.name },
    options,
    defaults: newActivityDefaults(options, actor.organizationId),
    typeSlug: url.searchParams.get("tipo"),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const submission = parseWithZod(await request.formData(), { schema: ActivityFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const network = await findReadableNetwork(db, actor, submission.value.networkId);
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  requirePermission(actor, "create_activity", { type: "calendar", networkId: network.id, regionCode: network.regionCode });
  try {
    const activity = await createActivity(db, network, submission.value, actor);
    return redirect(isMeetingType(activity.typeSlug) ? `/reuniones/${activity.id}` : `/actividades/${activity.id}`);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
}

export default function NewActivityPage() {
  const { networks, network, options, defaults, typeSlug } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="page" aria-labelledby="new-activity-title">
      <h1 id="new-activity-title">Nueva actividad{network ? ` · ${network.name}` : ""}</h1>
      {!options ? (
        networks.length === 0 ? (
          <p>No participas en ninguna red donde puedas programar actividades.</p>
        ) : (
          <Form method="get" className="form card" aria-label="Elegir red">
            <label htmlFor="red">Red</label>
            <select id="red" name="red" required>
              {networks.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
            {typeSlug ? <input type="hidden" name="tipo" value={typeSlug} /> : null}
            <button className="button" type="submit">
              Continuar
            </button>
          </Form>
        )
      ) : (
        <>
          <p className="muted">
            Las fechas y horas se indican en hora de Chile continental. La actividad se crea como borrador; prográmala cuando esté confirmada. Si ya se realizó, márcalo para
            registrarla con sus resultados.
          </p>
          <ActivityFormFields options={options} lastResult={actionData?.result} defaultValue={{ ...defaults, typeSlug: typeSlug ?? undefined }} submitLabel="Crear actividad" recordPast />
        </>
      )}
    </section>
  );
}
