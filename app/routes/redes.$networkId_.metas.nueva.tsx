import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/session.server";
import { requireGoalsNetwork, yearFrom } from "~/features/goals/access.server";
import { GoalFormFields } from "~/features/goals/goal-form";
import goalStyles from "~/features/goals/goals.css";
import { goalFormOptions, submitGoalForm } from "~/features/goals/goal-form-action.server";
import { currentYearInChile } from "~/utils/dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction = () => [{ title: "Nueva meta · Red OMIL" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, resource } = await requireGoalsNetwork(request, params.networkId);
  requirePermission(actor, "create", resource);
  const year = yearFrom(request, currentYearInChile());
  return json({ network: { id: network.id, name: network.name }, year, ...(await goalFormOptions(db, network.id)) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, network, resource } = await requireGoalsNetwork(request, params.networkId);
  requirePermission(actor, "create", resource);
  return submitGoalForm(request, db, network, null, actor);
}

export default function NewGoal() {
  const { network, year, indicators, members } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/redes/${network.id}/metas?anio=${year}`}>← Metas de {network.name}</Link>
      </p>
      <h1>Nueva meta de la red</h1>
      <GoalFormFields
        lastResult={data?.result}
        defaults={{ year: String(year), periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, splitMode: "none" }}
        indicators={indicators}
        members={members}
        submitLabel="Crear meta"
      />
    </>
  );
}
