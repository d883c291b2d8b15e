import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forbidden, requireActor } from "~/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Administración · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "omil_staff") throw forbidden();
  return json({ role: actor.role });
}

export default function AdminHome() {
  const { role } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Administración</h1>
      <ul className="grid" style={{ listStyle: "none", padding: 0 }}>
        <li className="card">
          <h2>
            <Link to="/admin/organizaciones">Organizaciones</Link>
          </h2>
          <p className="muted">OMIL, Direcciones Regionales y Nivel Central: comuna, categoría y contacto.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/usuarios">Personas e invitaciones</Link>
          </h2>
          <p className="muted">Invita por correo, revisa invitaciones y desactiva cuentas.</p>
        </li>
        {role !== "omil_lead" ? (
          <li className="card">
            <h2>
              <Link to="/redes">Redes territoriales</Link>
            </h2>
            <p className="muted">Crea redes, agrega o retira OMIL y rota la coordinación.</p>
          </li>
        ) : null}
      </ul>
    </>
  );
}
