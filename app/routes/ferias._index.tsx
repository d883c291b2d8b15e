import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { loadPublicFairsPage } from "~/features/activities/fairs-page.server";

export const meta: MetaFunction = () => [
  { title: "Ferias laborales · Red OMIL" },
  { name: "description", content: "Próximas ferias laborales organizadas por las oficinas municipales de empleo (OMIL) de Chile." },
];

/** Public: upcoming job fairs for job seekers, with schema.org Event data and an .ics per fair. */
export async function loader({ request }: LoaderFunctionArgs) {
  return json(
    await loadPublicFairsPage(request),
    { headers: { "Cache-Control": "public, max-age=120" } },
  );
}

export default function FairsPage() {
  const { fairs, regions: regionList, regionCode, jsonLd } = useLoaderData<typeof loader>();
  return (
    <section className="page" aria-labelledby="fairs-title">
      {/* JSON.stringify output with "<" escaped (json-ld.ts) cannot close the script element. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <h1 id="fairs-title">Próximas ferias laborales</h1>
      <p>Ferias organizadas por las oficinas municipales de información laboral (OMIL). Asiste con tu currículum; son gratuitas.</p>
      <Form method="get" className="inline-form" aria-label="Filtrar por región">
        <label htmlFor="region">Región</label>
        <select id="region" name="region" defaultValue={regionCode}>
          <option value="">Todas las regiones</option>
          {regionList.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
        <button className="button" type="submit">
          Ver ferias
        </button>
      </Form>
      {fairs.length === 0 ? <p>No hay ferias laborales programadas{regionCode ? " en esta región" : ""} por ahora.</p> : null}
      <ul className="card-list">
        {fairs.map((f) => (
          <li key={f.id} className="card">
            <h2>
              <a href={`/actividades/${f.id}`}>{f.title}</a>
            </h2>
            <p>
              {f.when} (hora de Chile) · {f.modality}
            </p>
            <p>
              {f.place}
              {f.regionName ? ` · ${f.regionName}` : ""}
            </p>
            <p className="muted">Organizan: {f.hosts.join(", ")}</p>
            {f.audience ? <p>Dirigida a: {f.audience}</p> : null}
            <p>
              <a href={`/actividades/${f.id}/evento.ics`}>Agregar a mi calendario (.ics)</a>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
