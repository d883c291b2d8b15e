import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { getActor } from "~/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Red OMIL · Redes territoriales de OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/inicio");
  return json({});
}

export default function Landing() {
  return (
    <section aria-labelledby="landing-title">
      <h1 id="landing-title">Red OMIL</h1>
      <p>
        El portal donde las redes territoriales de Oficinas Municipales de Información Laboral planifican actividades conjuntas,
        llevan sus reuniones mensuales, escriben postulaciones a fondos de SENCE y comparten buenas prácticas.
      </p>
      <div className="grid">
        <div className="card">
          <h2>Equipos OMIL y SENCE</h2>
          <p>Ingresa con la cuenta que te envió tu Dirección Regional o Nivel Central.</p>
          <a className="button" href="/ingresar">
            Ingresar
          </a>
        </div>
      </div>
    </section>
  );
}
