import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { listRegions } from "~/features/territory/territory.server";
import { yearFrom } from "~/features/goals/access.server";
import goalStyles from "~/features/goals/goals.css";
import { formatAmount, PACE_RULE_TEXT, PACE_STATUS_LABELS } from "~/features/goals/progress";
import { buildRegionOverview, sortRegionRows } from "~/features/goals/region.server";
import { REGION_SORTS, type RegionSort } from "~/features/goals/region-sorts";
import { currentYearInChile, formatDay, todayInChile } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Metas de las redes · ${data?.regionName ?? "Región"} · Red OMIL` }];

/** The Dirección Regional's view: every network of its region against its goals. Nivel Central picks the region. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const regionCode = actor.role === "nc_admin" ? (url.searchParams.get("region") ?? "16") : (actor.regionCode ?? "");
  requirePermission(actor, "read", { type: "region_goals", regionCode });
  const db = getDb();
  const year = yearFrom(request, currentYearInChile());
  const today = todayInChile();
  const sort = (Object.keys(REGION_SORTS).includes(url.searchParams.get("orden") ?? "") ? url.searchParams.get("orden") : "ritmo") as RegionSort;
  const direction = url.searchParams.get("dir") === "desc" ? "desc" : "asc";
  const overview = await buildRegionOverview(db, regionCode, year, today);
  return json({
    year,
    today,
    regionCode,
    regionName: overview.regionName,
    rows: sortRegionRows(overview.rows, sort, direction),
    indicators: overview.indicators,
    sort,
    direction,
    regionOptions: actor.role === "nc_admin" ? (await listRegions(db)).map((r) => ({ code: r.code, name: r.name })) : [],
  });
}

export default function RegionGoals() {
  const { year, today, regionCode, regionName, rows, indicators, sort, direction, regionOptions } = useLoaderData<typeof loader>();
  const base = (params: Record<string, string>) => `?${new URLSearchParams({ anio: String(year), ...(regionOptions.length ? { region: regionCode } : {}), ...params })}`;
  const sortHeader = (key: RegionSort, label: string) => {
    const active = sort === key;
    const next = active && direction === "asc" ? "desc" : "asc";
    return (
      <th scope="col" aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : "none"}>
        <Link to={base({ orden: key, dir: next })}>
          {label}
          {active ? (direction === "asc" ? " ▲" : " ▼") : ""}
          <span className="visually-hidden">{active ? ", ordenar al revés" : ", ordenar por esta columna"}</span>
        </Link>
      </th>
    );
  };
  return (
    <>
      <h1>
        Metas {year} de las redes · {regionName}
      </h1>
      {regionOptions.length ? (
        <Form method="get" className="inline-form" aria-label="Elegir región">
          <label htmlFor="region">Región</label>
          <select id="region" name="region" defaultValue={regionCode}>
            {regionOptions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
          <input type="hidden" name="anio" value={year} />
          <button className="button button--secondary" type="submit">
            Ver
          </button>
        </Form>
      ) : null}
      <p className="muted goal-rule">
        Al {formatDay(today)}. «Ritmo» es el avance validado dividido por lo esperado a la fecha (100 % = al día). {PACE_RULE_TEXT}
      </p>
      {rows.length === 0 ? <p>No hay redes en esta región.</p> : null}
      {rows.length > 0 ? (
        <TableScroll label="Listado de redes de la región">
          <table>
            <caption>Redes de la región y sus metas</caption>
            <thead>
              <tr>
                {sortHeader("nombre", REGION_SORTS.nombre)}
                <th scope="col">Metas</th>
                {sortHeader("avance", REGION_SORTS.avance)}
                {sortHeader("ritmo", REGION_SORTS.ritmo)}
                <th scope="col">A tiempo</th>
                <th scope="col">En riesgo</th>
                {sortHeader("atrasadas", REGION_SORTS.atrasadas)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.networkId}>
                  <th scope="row">
                    <Link to={`/redes/${r.networkId}/metas?anio=${year}`}>{r.networkName}</Link>
                  </th>
                  <td>{r.goalCount}</td>
                  <td>{r.goalCount ? `${formatAmount(r.averageProgress)} %` : "—"}</td>
                  <td>{r.goalCount ? `${formatAmount(r.averagePace)} %` : "—"}</td>
                  <td>{r.counts.a_tiempo}</td>
                  <td>{r.counts.en_riesgo}</td>
                  <td>{r.counts.atrasada}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}

      {rows.length > 0 && indicators.length > 0 ? (
        <section aria-labelledby="heatmap-title">
          <h2 id="heatmap-title">Mapa de calor por indicador</h2>
          <p className="muted">Cada celda muestra el avance validado respecto de la meta y, entre paréntesis, el ritmo frente a lo esperado. El color indica el estado.</p>
          <TableScroll label="Listado del mapa de calor">
            <table className="heatmap">
              <thead>
                <tr>
                  <th scope="col">Red</th>
                  {indicators.map((i) => (
                    <th scope="col" key={i.slug}>
                      {i.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.networkId}>
                    <th scope="row">{r.networkName}</th>
                    {indicators.map((i) => {
                      const cell = r.byIndicator[i.slug];
                      return cell ? (
                        <td key={i.slug} className={`heat heat--${cell.status}`} title={`${cell.goalTitle}: ${PACE_STATUS_LABELS[cell.status]}`}>
                          {formatAmount(cell.percent)} % ({formatAmount(cell.pacePercent)} %)
                          <span className="visually-hidden"> · {PACE_STATUS_LABELS[cell.status]}</span>
                        </td>
                      ) : (
                        <td key={i.slug} className="heat heat--none">
                          sin meta
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : null}
    </>
  );
}
