import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireNetworkBoard } from "~/features/goals/access.server";
import { GoalChart } from "~/features/goals/goal-chart";
import { GoalProgressBar, StatusBadge } from "~/features/goals/goal-status";
import { listGoalYears } from "~/features/goals/goals.server";
import goalStyles from "~/features/goals/goals.css";
import { formatAmount, formatExpected, PACE_RULE_TEXT } from "~/features/goals/progress";
import { can } from "~/permissions/permissions";
import { currentYearInChile, formatDay } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Metas ${data?.year ?? ""} · ${data?.network.name ?? "Red"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, resource, year, today, board } = await requireNetworkBoard(request, params.networkId);
  return json({
    network: { id: network.id, name: network.name },
    year,
    today,
    years: await listGoalYears(db, network.id, currentYearInChile()),
    board: board.map(({ entries, ...summary }) => ({ ...summary, pendingCount: entries.filter((e) => e.status === "pending").length })),
    canCreate: can(actor, "create", resource),
    canValidate: can(actor, "validate", resource),
    canContribute: can(actor, "contribute", resource),
  });
}

export default function NetworkGoalsBoard() {
  const { network, year, years, today, board, canCreate, canValidate, canContribute } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link to={`/redes/${network.id}`}>← {network.name}</Link>
      </p>
      <h1>
        Metas de la red {year} · {network.name}
      </h1>
      <div className="actions no-print">
        <Form method="get" className="inline-form" aria-label="Elegir año">
          <label htmlFor="anio">Año</label>
          <select id="anio" name="anio" defaultValue={String(year)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <button className="button button--secondary" type="submit">
            Ver
          </button>
        </Form>
        {canCreate ? (
          <Link className="button" to={`/redes/${network.id}/metas/nueva?anio=${year}`}>
            Nueva meta
          </Link>
        ) : null}
        <Link className="button button--secondary" to={`/redes/${network.id}/metas/imprimir?anio=${year}`}>
          Vista para imprimir
        </Link>
        <a className="button button--secondary" href={`/redes/${network.id}/metas/exportar?tipo=metas&anio=${year}`} download>
          Exportar metas (CSV)
        </a>
        <a className="button button--secondary" href={`/redes/${network.id}/metas/exportar?tipo=avances&anio=${year}`} download>
          Exportar avances (CSV)
        </a>
      </div>
      <p className="muted goal-rule">
        Al {formatDay(today)}. {PACE_RULE_TEXT}
      </p>
      {board.length === 0 ? (
        <p>
          La red no tiene metas para {year}.{canCreate ? " Crea la primera con «Nueva meta»." : ""}
        </p>
      ) : null}
      {board.map((g) => (
        <section key={g.goal.id} className="card goal-card" aria-labelledby={`goal-${g.goal.id}`}>
          <h2 id={`goal-${g.goal.id}`}>
            <Link to={`/redes/${network.id}/metas/${g.goal.id}`}>{g.goal.title}</Link> <StatusBadge status={g.pace.status} />
          </h2>
          <p className="muted">
            {g.indicatorLabel} · Meta: {formatAmount(g.goal.target)} {g.goal.unit} · {formatDay(g.goal.periodStart)} al {formatDay(g.goal.periodEnd)}
            {g.goal.baseline ? ` · Línea base: ${formatAmount(g.goal.baseline)}` : ""}
            {g.goal.monthlyPlan?.length ? " · Sigue un plan mensual" : ""}
          </p>
          <GoalProgressBar label={g.goal.title} validated={g.validated} pending={g.pending} expected={g.pace.expected} target={g.goal.target} unit={g.goal.unit} />
          <GoalChart title={g.goal.title} periodStart={g.goal.periodStart} periodEnd={g.goal.periodEnd} target={g.goal.target} unit={g.goal.unit} today={today} series={g.series} />
          <TableScroll label="Listado de aportes por OMIL">
            <table>
              <caption className="visually-hidden">Aporte de cada OMIL a {g.goal.title}</caption>
              <thead>
                <tr>
                  <th scope="col">OMIL</th>
                  <th scope="col">{g.hasSplit ? "Su parte" : "Parte equitativa (sin reparto)"}</th>
                  <th scope="col">Esperado a la fecha</th>
                  <th scope="col">Validado</th>
                  <th scope="col">Pendiente</th>
                  <th scope="col">Situación</th>
                </tr>
              </thead>
              <tbody>
                {g.offices.map((o) => (
                  <tr key={o.organizationId}>
                    <th scope="row">{o.name}</th>
                    <td>{formatAmount(o.share)}</td>
                    <td>{formatExpected(o.expected, o.share)}</td>
                    <td>{formatAmount(o.validated)}</td>
                    <td>{formatAmount(o.pending)}</td>
                    <td>{o.behind ? <span className="office-behind">Bajo su parte</span> : "Al día"}</td>
                  </tr>
                ))}
                {g.networkWide.validated + g.networkWide.pending > 0 ? (
                  <tr>
                    <th scope="row">Toda la red (actividades)</th>
                    <td>—</td>
                    <td>—</td>
                    <td>{formatAmount(g.networkWide.validated)}</td>
                    <td>{formatAmount(g.networkWide.pending)}</td>
                    <td>—</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </TableScroll>
          <p className="no-print">
            <Link to={`/redes/${network.id}/metas/${g.goal.id}`}>
              {canContribute ? "Registrar avance y ver detalle" : "Ver detalle y avances"}
            </Link>
            {canValidate && g.pendingCount > 0 ? ` · ${g.pendingCount} avance(s) por validar` : ""}
          </p>
        </section>
      ))}
    </>
  );
}
