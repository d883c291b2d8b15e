import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forbidden, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { listOrganizations } from "~/features/organizations/organizations.server";
import { OMIL_CATEGORY_LABELS, ORGANIZATION_KIND_LABELS } from "~/features/organizations/labels";
import { can } from "~/permissions/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Organizaciones · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "omil_staff") throw forbidden();
  const rows = await listOrganizations(getDb(), actor.role === "nc_admin" ? {} : { regionCode: actor.regionCode ?? "-" });
  return json({
    canCreate: can(actor, "create", { type: "organization", id: "", kind: "omil", regionCode: null }),
    organizations: rows.map((o) => ({ ...o, canEdit: can(actor, "update", { type: "organization", id: o.id, kind: o.kind, regionCode: o.regionCode }) })),
  });
}

export default function OrganizationsPage() {
  const { organizations, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Organizaciones</h1>
      {canCreate ? (
        <p>
          <Link className="button" to="/admin/organizaciones/nueva">
            Nueva organización
          </Link>
        </p>
      ) : null}
      <TableScroll label="Listado de organizaciones">
        <table>
          <thead>
            <tr>
              <th scope="col">Nombre</th>
              <th scope="col">Tipo</th>
              <th scope="col">Comuna</th>
              <th scope="col">Región</th>
              <th scope="col">Categoría</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <td>{o.canEdit ? <Link to={`/admin/organizaciones/${o.id}`}>{o.name}</Link> : o.name}</td>
                <td>{ORGANIZATION_KIND_LABELS[o.kind]}</td>
                <td>{o.comunaName ?? ""}</td>
                <td>{o.regionName ?? ""}</td>
                <td>{o.category ? OMIL_CATEGORY_LABELS[o.category] : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
