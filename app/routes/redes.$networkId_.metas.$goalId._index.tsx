import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SavedStatus, useSaved } from "~/components/saved-status";
import { EntryForm, EntryTable } from "~/features/goals/entry-forms";
import { GoalChart } from "~/features/goals/goal-chart";
import { loadGoalPage, submitGoalPage } from "~/features/goals/goal-page.server";
import { GoalProgressBar, StatusBadge } from "~/features/goals/goal-status";
import goalStyles from "~/features/goals/goals.css";
import { formatAmount, formatExpected, PACE_RULE_TEXT } from "~/features/goals/progress";
import { formatDay } from "~/utils/dates";
import { HISTORY_STATUS_LABELS, historyQuery, WHOLE_NETWORK } from "~/features/goals/entry-history";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.summary.goal.title ?? "Meta"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await loadGoalPage(request, params));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return submitGoalPage(request, params);
}

export default function GoalDetail() {
  const { network, today, summary, canContribute, canEdit, actorOrganizationName, pendingEntries: pending } = useLoaderData<typeof loader>();
  const { goal } = summary;
  const entrySaved = useSaved("registrado", "avance");
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

      {canContribute ? (
        <>
          <SavedStatus show={entrySaved.saved} message="Registramos tu avance: queda pendiente de validación." />
          <EntryForm key={entrySaved.formKey} organizationName={actorOrganizationName} periodStart={goal.periodStart} periodEnd={goal.periodEnd} today={today} />
        </>
      ) : null}

      <section aria-labelledby="pending-title">
        <h2 id="pending-title">Pendientes de validación ({pending.length})</h2>
        {pending.length === 0 ? <p>No hay avances pendientes.</p> : <EntryTable entries={pending} networkId={network.id} goalId={goal.id} />}
      </section>
      <EntryHistory />
    </>
  );
}

/** Reviewed entries: a GET form filters by office, status and month; the pager keeps the filter. */
function EntryHistory() {
  const { network, summary, history, historyMonths } = useLoaderData<typeof loader>();
  const { filter } = history;
  const filtered = Boolean(filter.office || filter.status || filter.month);
  return (
    <section aria-labelledby="reviewed-title">
      <h2 id="reviewed-title">Validados y rechazados ({history.total})</h2>
      <Form method="get" className="inline-form no-print" aria-label="Filtrar historial">
        <label>
          OMIL{" "}
          <select name="omil" defaultValue={filter.office}>
            <option value="">Todas</option>
            <option value={WHOLE_NETWORK}>Toda la red</option>
            {summary.offices.map((o) => (
              <option key={o.organizationId} value={o.organizationId}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Estado{" "}
          <select name="estado" defaultValue={filter.status}>
            <option value="">Todos</option>
            {Object.entries(HISTORY_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Mes{" "}
          <select name="mes" defaultValue={filter.month}>
            <option value="">Todos</option>
            {historyMonths.map((m) => (
              <option key={m} value={m}>
                {formatDay(`${m}-01`, "MMMM yyyy")}
              </option>
            ))}
          </select>
        </label>
        <button className="button button--secondary" type="submit">
          Filtrar
        </button>
        {filtered ? <Link to="?">Quitar filtros</Link> : null}
      </Form>
      {history.total === 0 ? (
        <p>{filtered ? "Ningún avance revisado coincide con el filtro." : "Aún no hay avances revisados."}</p>
      ) : (
        <EntryTable entries={history.rows} networkId={network.id} goalId={summary.goal.id} />
      )}
      {history.pageCount > 1 ? (
        <nav className="pager no-print" aria-label="Páginas del historial">
          {history.page > 1 ? <Link to={historyQuery(filter, history.page - 1) || "?"}>← Anterior</Link> : null}
          <span>
            Página {history.page} de {history.pageCount}
          </span>
          {history.page < history.pageCount ? <Link to={historyQuery(filter, history.page + 1)}>Siguiente →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
