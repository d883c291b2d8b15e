import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { isCallOpen, listCalls } from "~/features/proposals/calls.server";
import { formatClp } from "~/features/proposals/rules";
import { can } from "~/permissions/permissions";
import { formatDateTime, formatDay } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";
import { Badge } from "~/components/badge";

export const meta: MetaFunction = () => [{ title: "Convocatorias · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const calls = await listCalls(getDb());
  const canCreate = can(actor, "create", { type: "proposal_call", eligibleRegionCodes: actor.regionCode ? [actor.regionCode] : [] });
  return json({
    canCreate,
    calls: calls.map((c) => ({ id: c.id, name: c.name, year: c.year, opensOn: c.opensOn, closesAt: c.closesAt.toISOString(), maxBudget: c.maxBudget, open: isCallOpen(c) })),
  });
}

export default function CallsPage() {
  const { calls, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Convocatorias de fondos concursables</h1>
      {canCreate ? (
        <p>
          <Link className="button" to="/convocatorias/nueva">
            Publicar convocatoria
          </Link>
        </p>
      ) : null}
      {calls.length === 0 ? (
        <p className="muted">Todavía no hay convocatorias publicadas.</p>
      ) : (
        <TableScroll label="Listado de convocatorias">
          <table>
            <thead>
              <tr>
                <th scope="col">Convocatoria</th>
                <th scope="col">Año</th>
                <th scope="col">Apertura</th>
                <th scope="col">Cierre</th>
                <th scope="col">Monto máximo</th>
                <th scope="col">Estado</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/convocatorias/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.year}</td>
                  <td>{formatDay(c.opensOn)}</td>
                  <td>{formatDateTime(c.closesAt)}</td>
                  <td>{formatClp(c.maxBudget)}</td>
                  <td>{c.open ? <Badge tone="ok">Abierta</Badge> : "Cerrada o por abrir"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
