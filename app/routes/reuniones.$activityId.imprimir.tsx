import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { AGREEMENT_STATUS_LABELS, ATTENDANCE_LABELS, agreementDisplayStatus } from "~/features/activities/labels";
import { meetingPageData } from "~/features/activities/meeting-page.server";
import { readLiveMinutes } from "~/features/activities/minutes-doc.server";
import { isMeetingType } from "~/features/activities/labels";
import { requireReadableActivity } from "~/features/activities/pages.server";
import { can } from "~/permissions/permissions";
import { formatDateTime, formatDay } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Minuta ${data?.title ?? ""} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const meeting = await requireReadableActivity(db, actor, params.activityId);
  if (!isMeetingType(meeting.activity.typeSlug) || !can(actor, "read", { type: "calendar", networkId: meeting.network.id, regionCode: meeting.network.regionCode })) throw notFound();
  const data = await meetingPageData(db, actor, meeting);
  const minutes = await readLiveMinutes(db, meeting.activity.id);
  return json({
    title: meeting.activity.title,
    startsAt: meeting.activity.startsAt,
    networkName: meeting.network.name,
    agenda: data.agenda,
    attendance: data.offices.map((o) => ({ name: o.name, status: data.attendance[o.id] ?? null })),
    agreements: data.agreements,
    carried: data.carried,
    minutesHtml: minutes.html,
    today: data.today,
  });
}

export default function PrintMinutes() {
  const d = useLoaderData<typeof loader>();
  const agreementItem = (a: (typeof d.agreements)[number]) => (
    <li key={a.id}>
      {a.text} — {a.ownerOrganizationName ?? a.ownerPerson}; plazo {formatDay(a.dueOn)}; {AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, d.today)]}
    </li>
  );
  return (
    <article className="page print-page" aria-labelledby="print-title">
      <h1 id="print-title">Minuta: {d.title}</h1>
      <p>
        {d.networkName} · {formatDateTime(d.startsAt)}
      </p>
      <h2>Asistencia</h2>
      <ul>
        {d.attendance.map((a) => (
          <li key={a.name}>
            {a.name}: {a.status ? ATTENDANCE_LABELS[a.status] : "sin registrar"}
          </li>
        ))}
      </ul>
      <h2>Tabla</h2>
      <ol>
        {d.agenda.map((i) => (
          <li key={i.id}>
            {i.title} ({i.presenter || "sin expositor"}, {i.minutes} min)
          </li>
        ))}
      </ol>
      <h2>Desarrollo</h2>
      {/* Escaped text sanitized with sanitize-html on the server. */}
      {d.minutesHtml ? <div dangerouslySetInnerHTML={{ __html: d.minutesHtml }} /> : <p>(sin texto)</p>}
      <h2>Acuerdos</h2>
      {d.agreements.length ? <ul>{d.agreements.map(agreementItem)}</ul> : <p>(sin acuerdos nuevos)</p>}
      {d.carried.length ? (
        <>
          <h2>Seguimiento de acuerdos anteriores</h2>
          <ul>{d.carried.map(agreementItem)}</ul>
        </>
      ) : null}
      <p className="no-print">
        <button className="button" type="button" onClick={() => window.print()}>
          Imprimir
        </button>
      </p>
    </article>
  );
}
