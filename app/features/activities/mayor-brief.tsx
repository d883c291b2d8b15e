import type { SerializeFrom } from "@remix-run/node";
import { formatAmount } from "~/features/goals/progress";
import { formatDateTime, formatDay } from "~/utils/dates";
import { AGREEMENT_STATUS_LABELS, agreementDisplayStatus } from "./labels.ts";
import type { MayorBrief } from "./briefing.server.ts";

/** The generated one-page brief for the mayor; prints on one page (the rest of the page is hidden in print). */
export function MayorBriefSection({ brief, networkName, today }: { brief: SerializeFrom<MayorBrief>; networkName: string; today: string }) {
  return (
    <section className="card mayor-brief" aria-labelledby="brief-title">
      <h2 id="brief-title">Minuta para el alcalde: {networkName}</h2>
      <p className="muted">Generada con los datos de la red al {formatDay(today)}. Usa «Imprimir» del navegador para llevarla en papel.</p>
      <h3>Metas de la red este año</h3>
      <p className="muted">Solo se cuentan los avances validados; lo pendiente de validar va aparte.</p>
      {brief.goals.length === 0 ? (
        <p>La red aún no registra metas para este año.</p>
      ) : (
        <ul>
          {brief.goals.map((g) => (
            <li key={g.id}>
              {g.title}: {formatAmount(g.validated)} de {formatAmount(g.target)} {g.unit} ({formatAmount(g.validatedPercent)} %)
              {g.pending > 0 ? <span className="muted"> · {formatAmount(g.pending)} pendientes de validar</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h3>Ferias recientes</h3>
      {brief.recentFairs.length === 0 ? (
        <p>Sin ferias realizadas en los últimos doce meses.</p>
      ) : (
        <ul>
          {brief.recentFairs.map((f) => (
            <li key={f.id}>
              {f.title} ({formatDateTime(f.startsAt, "dd-MM-yyyy")}): {f.attendees} asistentes, {f.companies} empresas, {f.hired} personas contratadas
            </li>
          ))}
        </ul>
      )}
      <h3>Acuerdos abiertos</h3>
      {brief.openAgreements.length === 0 ? (
        <p>No hay acuerdos pendientes.</p>
      ) : (
        <ul>
          {brief.openAgreements.map((a) => (
            <li key={a.id}>
              {a.text} — {a.ownerOrganizationName ?? a.ownerPerson}, plazo {formatDay(a.dueOn)} ({AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, today)]})
            </li>
          ))}
        </ul>
      )}
      {brief.upcoming.length ? (
        <>
          <h3>Próximas actividades</h3>
          <ul>
            {brief.upcoming.map((u) => (
              <li key={u.id}>
                {u.title}: {formatDateTime(u.startsAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
