import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EntryForm, EntryTable } from "~/features/goals/entry-forms";
import { GoalChart } from "~/features/goals/goal-chart";
import { loadGoalPage, submitGoalPage } from "~/features/goals/goal-page.server";
import { GoalProgressBar, StatusBadge } from "~/features/goals/goal-status";
import goalStyles from "~/features/goals/goals.css";
import { formatAmount, formatExpected, PACE_RULE_TEXT } from "~/features/goals/progress";
import { formatDay } from "~/utils/dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.summary.goal.title ?? "Meta"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await loadGoalPage(request, params));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return submitGoalPage(request, params);
}

export default function GoalDetail() {
  const { network, today, summary, canContribute, canEdit, actorOrganizationName } = useLoaderData<typeof loader>();
  const { goal } = summary;
  const pending = summary.entries.filter((e) => e.status === "pending");
  const reviewed = summary.entries.filter((e) => e.status !== "pending");
  return (
    <>
      <p className="no-print">
        <Link to={`/redes/${network.id}/metas?anio=${goal.year}`}>← Metas {goal.year} de {network.name}</Link>
      </p>
      <h1>
        {goal.title} <StatusBadge status={summary.pace.status} />
      </h1>
      <p className="muted">
        {summary.indicatorLabel} · Meta: {formatAmount(goal.target)} {goal.unit} · {formatDay(goal.periodStart)} al {formatDay(goal.periodEnd)}
        {goal.baseline ? ` · Línea base: ${formatAmount(goal.baseline)}` : ""}
      </p>
      <GoalProgressBar label={goal.title} validated={summary.validated} pending={summary.pending} expected={summary.pace.expected} target={goal.target} unit={goal.unit} />
      <p className="muted goal-rule">{PACE_RULE_TEXT}</p>
      <GoalChart title={goal.title} periodStart={goal.periodStart} periodEnd={goal.periodEnd} target={goal.target} unit={goal.unit} today={today} series={summary.series} />
      {canEdit ? (
        <div className="actions no-print">
          <Link className="button button--secondary" to={`/redes/${network.id}/metas/${goal.id}/editar`}>
            Editar meta
          </Link>
          <Form method="post" aria-label="Eliminar meta">
            <input type="hidden" name="intent" value="delete-goal" />
            <button className="button button--danger" type="submit">
              Eliminar meta
            </button>
          </Form>
        </div>
      ) : null}

      <section aria-labelledby="offices-title">
        <h2 id="offices-title">Aporte de cada OMIL</h2>
        <ul>
          {summary.offices.map((o) => (
            <li key={o.organizationId}>
              {o.name}: {formatAmount(o.validated)} validado, {formatAmount(o.pending)} pendiente, de {summary.hasSplit ? "su parte" : "una parte equitativa"} de {formatAmount(o.share)} (esperado a la fecha{" "}
              {formatExpected(o.expected, o.share)}) {o.behind ? <span className="office-behind">· bajo su parte</span> : null}
            </li>
          ))}
        </ul>
      </section>

      {canContribute ? <EntryForm organizationName={actorOrganizationName} periodStart={goal.periodStart} periodEnd={goal.periodEnd} today={today} /> : null}

      <section aria-labelledby="pending-title">
        <h2 id="pending-title">Pendientes de validación ({pending.length})</h2>
        {pending.length === 0 ? <p>No hay avances pendientes.</p> : <EntryTable entries={pending} networkId={network.id} goalId={goal.id} />}
      </section>
      <section aria-labelledby="reviewed-title">
        <h2 id="reviewed-title">Validados y rechazados ({reviewed.length})</h2>
        {reviewed.length === 0 ? <p>Aún no hay avances revisados.</p> : <EntryTable entries={reviewed} networkId={network.id} goalId={goal.id} />}
      </section>
    </>
  );
}
