import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { buildNetworkBoard } from "~/features/goals/board.server";
import { GoalProgressBar, StatusBadge } from "~/features/goals/goal-status";
import goalStyles from "~/features/goals/goals.css";
import { listNetworksByIds, listNetworksFor } from "~/features/networks/networks.server";
import { can } from "~/permissions/permissions";
import { currentYearInChile, todayInChile } from "~/utils/dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction = () => [{ title: "Metas de red · Red OMIL" }];

/** The entry point from the main menu: the year's goals of every network the person can see. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const year = currentYearInChile();
  const today = todayInChile();
  const visible = await listNetworksFor(db, actor);
  const rows = await listNetworksByIds(db, visible.map((n) => n.id));
  const boards = [];
  for (const network of rows) {
    const board = await buildNetworkBoard(db, network, year, today);
    boards.push({
      network: { id: network.id, name: network.name },
      goals: board.map((g) => ({ id: g.goal.id, title: g.goal.title, target: g.goal.target, unit: g.goal.unit, validated: g.validated, pending: g.pending, expected: g.pace.expected, status: g.pace.status })),
    });
  }
  return json({
    year,
    boards,
    // The regional overview is for the DR (its region) and Nivel Central (any region).
    regionLink: actor.role === "nc_admin" || can(actor, "read", { type: "region_goals", regionCode: actor.regionCode ?? "" }) ? "/region" : null,
  });
}

export default function GoalsHome() {
  const { year, boards, regionLink } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Metas de red {year}</h1>
      {regionLink ? (
        <p>
          <Link to={regionLink}>Ver todas las redes de la región frente a sus metas</Link>
        </p>
      ) : null}
      {boards.length === 0 ? <p>No participas en ninguna red todavía.</p> : null}
      {boards.map((b) => (
        <section key={b.network.id} aria-labelledby={`net-${b.network.id}`} className="card goal-card">
          <h2 id={`net-${b.network.id}`}>
            <Link to={`/redes/${b.network.id}/metas`}>{b.network.name}</Link>
          </h2>
          {b.goals.length === 0 ? <p>Sin metas para {year}.</p> : null}
          <ul style={{ listStyle: "none", padding: 0 }}>
            {b.goals.map((g) => (
              <li key={g.id}>
                <h3>
                  <Link to={`/redes/${b.network.id}/metas/${g.id}`}>{g.title}</Link> <StatusBadge status={g.status} />
                </h3>
                <GoalProgressBar label={g.title} validated={g.validated} pending={g.pending} expected={g.expected} target={g.target} unit={g.unit} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
