import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { latestHandover, listUpcomingActivities } from "~/features/activities/handover.server";
import { AGREEMENT_STATUS_LABELS, agreementDisplayStatus } from "~/features/activities/labels";
import { openAgreements, loadSchedule } from "~/features/activities/meetings.server";
import { describeRule } from "~/features/activities/time";
import { findReadableNetwork, getNetworkDetail } from "~/features/networks/networks.server";
import { formatDateTime, formatDay, todayInChile } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Traspaso de coordinación · ${data?.networkName ?? "Red"} · Red OMIL` }];

/** The handover summary: what the new coordinator receives. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, params.networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  const detail = await getNetworkDetail(db, network);
  const handover = await latestHandover(db, network.id);
  const upcoming = await listUpcomingActivities(db, network.id);
  const schedule = await loadSchedule(db, network.id);
  return json({
    networkId: network.id,
    networkName: network.name,
    coordinators: detail.coordinators,
    current: detail.currentCoordinator,
    handover,
    open: await openAgreements(db, [network.id]),
    upcoming,
    scheduleText: schedule ? describeRule(schedule) : null,
    members: detail.activeMembers.map((m) => m.name),
    today: todayInChile(),
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function HandoverPage() {
  const d = useLoaderData<typeof loader>();
  const previous = d.coordinators.find((c) => c.endedOn);
  return (
    <article className="page" aria-labelledby="handover-title">
      <p className="muted">
        <Link to={`/redes/${d.networkId}`}>{d.networkName}</Link>
      </p>
      <h1 id="handover-title">Traspaso de la coordinación</h1>
      {d.current ? (
        <p>
          Coordina <strong>{d.current.name}</strong> desde el {formatDay(d.current.startedOn)}
          {previous ? `, recibiendo de ${previous.name}` : ""}.
        </p>
      ) : (
        <p>La red no tiene OMIL coordinadora.</p>
      )}
      {d.current?.note ? <blockquote>{d.current.note}</blockquote> : null}
      {d.handover ? (
        <section aria-labelledby="moved-title" className="card">
          <h2 id="moved-title">Qué se traspasó</h2>
          <p>
            El {formatDateTime(d.handover.handover.createdAt)}: {plural(d.handover.movedAgreements.length, "acuerdo abierto", "acuerdos abiertos")} y{" "}
            {plural(d.handover.movedMeetings.length, "reunión próxima", "reuniones próximas")} pasaron de {d.handover.fromName ?? "—"} a {d.handover.toName}.
          </p>
          <ul>
            {d.handover.movedMeetings.map((m) => (
              <li key={m.id}>
                Reunión: <Link to={`/reuniones/${m.id}`}>{m.title}</Link> ({formatDateTime(m.startsAt)})
              </li>
            ))}
            {d.handover.movedAgreements.map((a) => (
              <li key={a.id}>
                Acuerdo: {a.text} (plazo {formatDay(a.dueOn)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Para empezar</h2>
      <ul>
        <li>OMIL miembros: {d.members.join(", ")}</li>
        <li>Reuniones: {d.scheduleText ?? "sin calendario definido"} · <Link to={`/redes/${d.networkId}/reuniones`}>ver reuniones</Link></li>
      </ul>
      <h2>Acuerdos abiertos ({d.open.length})</h2>
      <ul>
        {d.open.map((a) => (
          <li key={a.id}>
            {a.text} — {a.ownerOrganizationName ?? a.ownerPerson}, plazo {formatDay(a.dueOn)} ({AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, d.today)]})
          </li>
        ))}
      </ul>
      <h2>Próximas actividades ({d.upcoming.length})</h2>
      <ul>
        {d.upcoming.map((u) => (
          <li key={u.id}>
            <Link to={`/actividades/${u.id}`}>{u.title}</Link> — {formatDateTime(u.startsAt)}
          </li>
        ))}
      </ul>
      <h2>Historial de coordinación</h2>
      <ul>
        {d.coordinators.map((c) => (
          <li key={c.id}>
            {c.year}: {c.name} ({formatDay(c.startedOn)} – {c.endedOn ? formatDay(c.endedOn) : "actual"})
          </li>
        ))}
      </ul>
    </article>
  );
}
