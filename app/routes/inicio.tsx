import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { getOrganization } from "~/features/organizations/organizations.server";
import { OMIL_CATEGORY_LABELS, ORGANIZATION_KIND_LABELS } from "~/features/organizations/labels";
import { loadHomeWork } from "~/features/home/home.server";
import { WeekWork } from "~/features/home/week-work";
import { listNetworksFor } from "~/features/networks/networks.server";
import { ROLE_LABELS } from "~/permissions/actor";

export const meta: MetaFunction = () => [{ title: "Inicio · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const org = await getOrganization(db, actor.organizationId);
  const networks = await listNetworksFor(db, actor);
  return json({
    actor: { name: actor.name, role: actor.role },
    organization: org
      ? { name: org.org.name, kind: org.org.kind, category: org.org.category, comunaName: org.comunaName, regionName: org.regionName }
      : null,
    networks,
    work: await loadHomeWork(db, actor),
  });
}

export default function HomePage() {
  const { actor, organization, networks, work } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Hola, {actor.name.split(" ")[0]}</h1>
      <WeekWork work={work} />
      <div className="grid">
        <section className="card" aria-labelledby="my-office">
          <h2 id="my-office">Mi organización</h2>
          {organization ? (
            <dl>
              <dt className="muted">Nombre</dt>
              <dd>{organization.name}</dd>
              <dt className="muted">Tipo</dt>
              <dd>
                {ORGANIZATION_KIND_LABELS[organization.kind]}
                {organization.category ? ` · ${OMIL_CATEGORY_LABELS[organization.category]}` : ""}
              </dd>
              {organization.comunaName ? (
                <>
                  <dt className="muted">Comuna</dt>
                  <dd>{organization.comunaName}</dd>
                </>
              ) : null}
              {organization.regionName ? (
                <>
                  <dt className="muted">Región</dt>
                  <dd>{organization.regionName}</dd>
                </>
              ) : null}
              <dt className="muted">Mi rol</dt>
              <dd>{ROLE_LABELS[actor.role]}</dd>
            </dl>
          ) : null}
        </section>
        <section className="card" aria-labelledby="my-networks">
          <h2 id="my-networks">{actor.role === "omil_lead" || actor.role === "omil_staff" ? "Mis redes" : "Redes que supervisas"}</h2>
          {networks.length === 0 ? (
            <p className="muted">Aún no participas en ninguna red territorial.</p>
          ) : (
            <ul>
              {networks.map((n) => (
                <li key={n.id}>
                  <Link to={`/redes/${n.id}`}>{n.name}</Link> <span className="muted">· {n.regionName}</span>
                  {n.coordinator ? <div className="muted">Coordina: {n.coordinator.name}</div> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
