import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { calendarNetworkIds, listCalendarActivities } from "~/features/activities/calendar.server";
import { CalendarList } from "~/features/activities/calendar-views";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Actividades · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const networkIds = await calendarNetworkIds(db, actor);
  const now = Date.now();
  const [upcoming, recent] = await Promise.all([
    listCalendarActivities(db, { networkIds, from: new Date(now), to: new Date(now + 365 * 24 * 3600_000) }),
    listCalendarActivities(db, { networkIds, from: new Date(now - 90 * 24 * 3600_000), to: new Date(now) }),
  ]);
  return json({ upcoming, recent: recent.reverse() });
}

export default function ActivitiesPage() {
  const { upcoming, recent } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <section className="page" aria-labelledby="activities-title">
      <h1 id="activities-title">Actividades de mis redes</h1>
      {searchParams.get("eliminada") === "1" ? (
        <Notice tone="ok" role="status">
          La actividad se eliminó.
        </Notice>
      ) : null}
      <p className="actions">
        <Link className="button" to="/actividades/nueva">
          Nueva actividad
        </Link>
        <Link className="button button--secondary" to="/calendario">
          Calendario
        </Link>
        <Link className="button button--secondary" to="/acuerdos">
          Acuerdos abiertos
        </Link>
        <Link className="button button--secondary" to="/notificaciones">
          Notificaciones
        </Link>
      </p>
      <h2>Próximas</h2>
      <CalendarList entries={upcoming} />
      <h2>Últimos 90 días</h2>
      <CalendarList entries={recent} />
    </section>
  );
}
