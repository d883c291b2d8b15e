import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { listNetworksFor } from "~/features/networks/networks.server";
import { can } from "~/permissions/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Redes territoriales · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const networks = await listNetworksFor(getDb(), actor);
  const canCreate = actor.role === "nc_admin" || (actor.role === "dr_staff" && can(actor, "create", { type: "network", id: "", regionCode: actor.regionCode ?? "" }));
  return json({ networks, canCreate });
}

export default function NetworksPage() {
  const { networks, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Redes territoriales</h1>
      {canCreate ? (
        <p>
          <Link className="button" to="/redes/nueva">
            Nueva red
          </Link>
        </p>
      ) : null}
      {networks.length === 0 ? (
        <p className="muted">No hay redes para mostrar.</p>
      ) : (
        <TableScroll label="Listado de redes">
          <table>
            <thead>
              <tr>
                <th scope="col">Red</th>
                <th scope="col">Región</th>
                <th scope="col">Coordinadora</th>
              </tr>
            </thead>
            <tbody>
              {networks.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/redes/${n.id}`}>{n.name}</Link>
                  </td>
                  <td>{n.regionName}</td>
                  <td>{n.coordinator ? `${n.coordinator.name} (${n.coordinator.year})` : "Sin coordinadora"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
