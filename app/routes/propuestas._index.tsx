import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { listProposalsFor, STATUS_LABELS } from "~/features/proposals/proposals.server";
import { themeLabel } from "~/features/proposals/themes";
import { formatDateTime } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Propuestas · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rows = await listProposalsFor(getDb(), actor);
  return json({
    proposals: rows.map((r) => ({ ...r, closesAt: r.closesAt.toISOString(), statusLabel: STATUS_LABELS[r.status], themeLabel: themeLabel(r.themeSlug) })),
  });
}

export default function ProposalsPage() {
  const { proposals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Propuestas a fondos concursables</h1>
      <p>
        Para iniciar una propuesta, elige una convocatoria abierta en <Link to="/convocatorias">Convocatorias</Link>.
      </p>
      {proposals.length === 0 ? (
        <p className="muted">No hay propuestas para mostrar.</p>
      ) : (
        <TableScroll label="Listado de propuestas">
          <table>
            <thead>
              <tr>
                <th scope="col">Propuesta</th>
                <th scope="col">Red</th>
                <th scope="col">Convocatoria</th>
                <th scope="col">Tema</th>
                <th scope="col">Estado</th>
                <th scope="col">Cierre</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/propuestas/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.networkName}</td>
                  <td>{p.callName}</td>
                  <td>{p.themeLabel}</td>
                  <td>{p.statusLabel}</td>
                  <td>{formatDateTime(p.closesAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
