import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireNetworkBoard } from "~/features/goals/access.server";
import { GoalChart } from "~/features/goals/goal-chart";
import { GoalProgressBar, StatusBadge } from "~/features/goals/goal-status";
import goalStyles from "~/features/goals/goals.css";
import { formatAmount, formatExpected, PACE_RULE_TEXT } from "~/features/goals/progress";
import { formatDay } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Evaluación semestral ${data?.year ?? ""} · ${data?.network.name ?? ""}` }];

/** One printable page for the half-yearly evaluation session: every goal, its chart and each office's part. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { network, year, today, board } = await requireNetworkBoard(request, params.networkId);
  return json({
    network: { id: network.id, name: network.name },
    year,
    today,
    semester: Number(today.slice(5, 7)) <= 6 ? "primer" : "segundo",
    board: board.map(({ entries, ...g }) => ({ ...g, entryCount: entries.length })),
  });
}

export default function GoalsPrintView() {
  const { network, year, today, semester, board } = useLoaderData<typeof loader>();
  return (
    <article>
      <p className="no-print">
        <Link to={`/redes/${network.id}/metas?anio=${year}`}>← Volver al tablero</Link> · Usa la función Imprimir de tu navegador (Ctrl+P).
      </p>
      <h1>
        Evaluación semestral de metas {year} · {network.name}
      </h1>
      <p>
        Situación al {formatDay(today)} ({semester} semestre). {PACE_RULE_TEXT}
      </p>
      <TableScroll label="Listado de metas">
        <table>
          <thead>
            <tr>
              <th scope="col">Meta</th>
              <th scope="col">Meta (valor)</th>
              <th scope="col">Validado</th>
              <th scope="col">Pendiente</th>
              <th scope="col">Esperado a la fecha</th>
              <th scope="col">Estado</th>
            </tr>
          </thead>
          <tbody>
            {board.map((g) => (
              <tr key={g.goal.id}>
                <th scope="row">{g.goal.title}</th>
                <td>
                  {formatAmount(g.goal.target)} {g.goal.unit}
                </td>
                <td>
                  {formatAmount(g.validated)} ({formatAmount(g.validatedPercent)} %)
                </td>
                <td>{formatAmount(g.pending)}</td>
                <td>{formatExpected(g.pace.expected, g.goal.target)}</td>
                <td>
                  <StatusBadge status={g.pace.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {board.map((g) => (
        <section key={g.goal.id} className="goal-card card">
          <h2>{g.goal.title}</h2>
          <GoalProgressBar label={g.goal.title} validated={g.validated} pending={g.pending} expected={g.pace.expected} target={g.goal.target} unit={g.goal.unit} />
          <GoalChart title={g.goal.title} periodStart={g.goal.periodStart} periodEnd={g.goal.periodEnd} target={g.goal.target} unit={g.goal.unit} today={today} series={g.series} />
          <p>
            OMIL bajo su parte:{" "}
            {g.offices.filter((o) => o.behind).length === 0
              ? "ninguna."
              : g.offices
                  .filter((o) => o.behind)
                  .map((o) => `${o.name} (${formatAmount(o.validated)} de ${formatExpected(o.expected, o.share)} esperados)`)
                  .join("; ") + "."}
          </p>
        </section>
      ))}
      <h2>Acuerdos de la sesión</h2>
      <p className="muted">Espacio para anotar a mano los compromisos de cada OMIL.</p>
      <div style={{ minHeight: "8rem", border: "1px solid #999" }} />
    </article>
  );
}
