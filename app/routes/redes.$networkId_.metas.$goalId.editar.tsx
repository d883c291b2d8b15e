import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { requireNetworkGoal } from "~/features/goals/access.server";
import { GoalFormFields } from "~/features/goals/goal-form";
import goalStyles from "~/features/goals/goals.css";
import { goalFormDefaults, goalFormOptions, submitGoalForm } from "~/features/goals/goal-form-action.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Editar ${data?.title ?? "meta"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, goal, resource } = await requireNetworkGoal(request, params.networkId, params.goalId);
  requirePermission(actor, "update", resource);
  return json({
    network: { id: network.id, name: network.name },
    goalId: goal.id,
    title: goal.title,
    defaults: await goalFormDefaults(db, goal),
    ...(await goalFormOptions(db, network.id)),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, network, goal, resource } = await requireNetworkGoal(request, params.networkId, params.goalId);
  requirePermission(actor, "update", resource);
  return submitGoalForm(request, db, network, goal, actor);
}

export default function EditGoal() {
  const { network, goalId, title, defaults, indicators, members } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/redes/${network.id}/metas/${goalId}`}>← {title}</Link>
      </p>
      <h1>Editar meta</h1>
      <GoalFormFields lastResult={data?.result} defaults={defaults} indicators={indicators} members={members} submitLabel="Guardar cambios" />
    </>
  );
}
