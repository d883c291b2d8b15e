import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Badge, DueBadge } from "~/components/badge";
import { formatDateTime, formatDay } from "~/utils/dates";
import type { HomeWork } from "./home.server.ts";

type Work = SerializeFrom<HomeWork>;

const INTRO: Record<Work["kind"], string> = {
  coordinator: "Lo que tu red y tu OMIL tienen por hacer: reuniones y actividades, acuerdos por vencer o vencidos, avances que esperan tu validación y tus tareas.",
  member: "Lo que tu OMIL tiene por hacer: tus acuerdos por vencer o vencidos, tus tareas y las reuniones de tus redes.",
  regional: "Lo que espera a la Dirección Regional: avances por validar y actividades de las redes de tu región.",
  national: "Resumen nacional: actividades de todas las redes y avances que puedes validar.",
};

function Section({ id, title, count, shown, more, empty, children }: { id: string; title: string; count: number; shown: number; more?: React.ReactNode; empty: string; children: React.ReactNode }) {
  return (
    <section className="card week-work__section" aria-labelledby={id}>
      <h3 id={id}>
        {title} <Badge tone={count > 0 ? "info" : "neutral"}>{count}</Badge>
      </h3>
      {count === 0 ? <p className="muted">{empty}</p> : <ul className="week-work__list">{children}</ul>}
      {count > shown ? <p className="muted">{more ?? `Y ${count - shown} más.`}</p> : null}
    </section>
  );
}

/** The signed-in home's "Esta semana": each item links to where it is done. */
export function WeekWork({ work }: { work: Work }) {
  const office = work.kind === "coordinator" || work.kind === "member";
  return (
    <section aria-labelledby="week-title" className="week-work">
      <h2 id="week-title">Esta semana</h2>
      <p className="muted">
        {INTRO[work.kind]} Del {formatDay(work.today)} al {formatDay(work.weekEnd)}.
      </p>
      <div className="grid">
        {work.kind !== "member" ? (
          <Section id="week-validations" title="Avances por validar" count={work.totals.validations} shown={work.validations.length} more={`Y ${work.totals.validations - work.validations.length} más: están en las metas de cada red.`} empty="No hay avances esperando tu validación.">
            {work.validations.map((v) => (
              <li key={v.id}>
                <Link to={v.href}>{v.goalTitle}</Link>: {v.organizationName} registró {v.value.toLocaleString("es-CL")} el {formatDay(v.occurredOn)}
                <span className="muted"> · {v.networkName}</span>
              </li>
            ))}
          </Section>
        ) : null}
        <Section id="week-activities" title="Reuniones y actividades" count={work.totals.activities} shown={work.activities.length} more={
            <>
              Y {work.totals.activities - work.activities.length} más en el <Link to="/calendario">calendario</Link>.
            </>
          } empty="No hay reuniones ni actividades en los próximos 7 días.">
          {work.activities.map((a) => (
            <li key={a.id}>
              <Link to={a.href}>{a.title}</Link>
              <span className="muted">
                {" "}
                · {formatDateTime(a.startsAt, "EEEE d 'de' MMMM, HH:mm")} · {a.typeLabel} · {a.networkName}
              </span>
            </li>
          ))}
        </Section>
        {office ? (
          <Section id="week-agreements" title="Acuerdos por vencer o vencidos" count={work.totals.agreements} shown={work.agreements.length} empty="No hay acuerdos que venzan esta semana.">
            {work.agreements.map((a) => (
              <li key={a.id}>
                <Link to={a.href}>{a.text}</Link> <DueBadge dueOn={a.dueOn} today={work.today} />
                <span className="muted">
                  {" "}
                  · {a.owner}, plazo {formatDay(a.dueOn)} · {a.networkName}
                </span>
              </li>
            ))}
          </Section>
        ) : null}
        {office ? (
          <Section id="week-tasks" title="Tareas de tu OMIL" count={work.totals.tasks} shown={work.tasks.length} empty="Tu OMIL no tiene tareas pendientes para esta semana.">
            {work.tasks.map((t) => (
              <li key={t.id}>
                <Link to={t.href}>{t.title}</Link> <DueBadge dueOn={t.dueOn} today={work.today} />
                <span className="muted">
                  {" "}
                  · {t.activityTitle}
                  {t.dueOn ? `, plazo ${formatDay(t.dueOn)}` : ", sin plazo"}
                </span>
              </li>
            ))}
          </Section>
        ) : null}
      </div>
      {work.kind === "national" &&
      (work.totals.activities > work.activities.length || work.totals.validations > work.validations.length) ? (
        <p className="muted">
          Se muestran los primeros de cada lista. <Link to="/calendario?vista=semana">Ver el calendario de la semana</Link> · <Link to="/metas">Ver las metas</Link>
        </p>
      ) : null}
    </section>
  );
}
