import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { forbidden, notFound, requirePermission } from "~/auth/session.server";
import { ErrorList, FormErrors, TextField, TextareaField } from "~/components/forms";
import { requireNetworkGoal } from "~/features/goals/access.server";
import { summarizeGoal } from "~/features/goals/board.server";
import { readEntryFormData, tooBigMessage } from "~/features/goals/evidence.server";
import { GoalChart } from "~/features/goals/goal-chart";
import { GoalProgressBar, StatusBadge } from "~/features/goals/goal-status";
import {
  addEntry,
  deleteEntry,
  deleteGoal,
  entryResource,
  findGoalEntry,
  listActiveMembers,
  listEntries,
  listNetworkGoals,
  listShares,
  replaceEntryEvidence,
  REVIEWED_EVIDENCE_MESSAGE,
  reviewEntry,
  updateEntry,
} from "~/features/goals/goals.server";
import goalStyles from "~/features/goals/goals.css";
import { formatAmount, formatExpected, PACE_RULE_TEXT } from "~/features/goals/progress";
import { DeleteEntrySchema, DeleteGoalSchema, EditEntrySchema, EntryFormSchema, EVIDENCE_ACCEPT, ReplaceEvidenceSchema, ReviewEntrySchema } from "~/features/goals/schema";
import { can } from "~/permissions/permissions";
import { formatDateTime, formatDay, todayInChile } from "~/utils/dates";
import { FieldError } from "~/utils/errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: goalStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.summary.goal.title ?? "Meta"} · Red OMIL` }];

const STATUS_LABELS = { pending: "Pendiente de validación", validated: "Validado", rejected: "Rechazado" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, goal, resource } = await requireNetworkGoal(request, params.networkId, params.goalId);
  requirePermission(actor, "read", resource);
  const today = todayInChile();
  const [row] = (await listNetworkGoals(db, network.id, goal.year)).filter((r) => r.goal.id === goal.id);
  if (!row) throw notFound();
  const entries = (await listEntries(db, [goal.id])).map((e) => ({ ...e.entry, organizationName: e.organizationName, fileReplacedByName: e.fileReplacedByName }));
  const summary = summarizeGoal(row.goal, row.indicatorLabel, await listActiveMembers(db, network.id), await listShares(db, [goal.id]), entries, today);
  return json({
    network: { id: network.id, name: network.name },
    today,
    summary: {
      ...summary,
      entries: summary.entries.map((e) => ({
        ...e,
        canDelete: can(actor, "delete", entryResource(network, e)),
        canUpdate: can(actor, "update", entryResource(network, e)),
        canValidate: can(actor, "validate", entryResource(network, e)),
        canReplaceEvidence: can(actor, "replace_evidence", entryResource(network, e)),
      })),
    },
    canContribute: can(actor, "contribute", resource) && can(actor, "create", entryResource(network, { organizationId: actor.organizationId, source: "manual", status: "pending" })),
    canEdit: can(actor, "update", resource),
    actorOrganizationName: actor.organizationName,
  });
}

const ActionSchema = z.discriminatedUnion("intent", [EntryFormSchema, EditEntrySchema, ReviewEntrySchema, DeleteEntrySchema, DeleteGoalSchema, ReplaceEvidenceSchema]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, network, goal, resource } = await requireNetworkGoal(request, params.networkId, params.goalId);
  const { formData, file, fileTooBig } = await readEntryFormData(request);
  const submission = parseWithZod(formData, { schema: ActionSchema });
  const intent = String(submission.payload.intent ?? "");
  const fail = (fieldErrors: Record<string, string[]>) => json({ intent, result: submission.reply({ fieldErrors }) }, { status: 400 });
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const back = `/redes/${network.id}/metas/${goal.id}`;
  try {
    if (value.intent === "add-entry") {
      requirePermission(actor, "contribute", resource);
      requirePermission(actor, "create", entryResource(network, { organizationId: actor.organizationId, source: "manual", status: "pending" }));
      if (fileTooBig) return fail({ evidence: [tooBigMessage()] });
      await addEntry(db, goal, actor, value, file);
      return redirect(`${back}?avance=registrado`);
    }
    if (value.intent === "delete-goal") {
      requirePermission(actor, "delete", resource);
      await deleteGoal(db, goal);
      return redirect(`/redes/${network.id}/metas?anio=${goal.year}`);
    }
    const entry = await findGoalEntry(db, goal, value.entryId);
    if (!entry) throw notFound("No encontramos ese avance.");
    if (value.intent === "edit-entry") {
      requirePermission(actor, "update", entryResource(network, entry));
      await updateEntry(db, goal, entry, value);
      return redirect(back);
    }
    if (value.intent === "replace-evidence") {
      // A reviewed entry's file is part of the official record: say so instead of a bare 403.
      if (!can(actor, "replace_evidence", entryResource(network, entry))) throw forbidden(entry.status === "pending" ? undefined : REVIEWED_EVIDENCE_MESSAGE);
      if (fileTooBig) return fail({ evidence: [tooBigMessage()] });
      await replaceEntryEvidence(db, entry, actor, file);
      return redirect(back);
    }
    if (value.intent === "delete-entry") {
      requirePermission(actor, "delete", entryResource(network, entry));
      await deleteEntry(db, entry);
      return redirect(back);
    }
    requirePermission(actor, "validate", entryResource(network, entry));
    await reviewEntry(db, goal, entry, actor, value.intent === "validate-entry" ? "validated" : "rejected", value.reviewNote);
    return redirect(back);
  } catch (error) {
    if (error instanceof FieldError) return fail({ [error.field]: [error.message] });
    throw error;
  }
}

export default function GoalDetail() {
  const { network, today, summary, canContribute, canEdit, actorOrganizationName } = useLoaderData<typeof loader>();
  const { goal } = summary;
  const pending = summary.entries.filter((e) => e.status === "pending");
  const reviewed = summary.entries.filter((e) => e.status !== "pending");
  return (
    <>
      <p className="no-print">
        <Link to={`/redes/${network.id}/metas?anio=${goal.year}`}>← Metas {goal.year} de {network.name}</Link>
      </p>
      <h1>
        {goal.title} <StatusBadge status={summary.pace.status} />
      </h1>
      <p className="muted">
        {summary.indicatorLabel} · Meta: {formatAmount(goal.target)} {goal.unit} · {formatDay(goal.periodStart)} al {formatDay(goal.periodEnd)}
        {goal.baseline ? ` · Línea base: ${formatAmount(goal.baseline)}` : ""}
      </p>
      <GoalProgressBar label={goal.title} validated={summary.validated} pending={summary.pending} expected={summary.pace.expected} target={goal.target} unit={goal.unit} />
      <p className="muted goal-rule">{PACE_RULE_TEXT}</p>
      <GoalChart title={goal.title} periodStart={goal.periodStart} periodEnd={goal.periodEnd} target={goal.target} unit={goal.unit} today={today} series={summary.series} />
      {canEdit ? (
        <div className="actions no-print">
          <Link className="button button--secondary" to={`/redes/${network.id}/metas/${goal.id}/editar`}>
            Editar meta
          </Link>
          <Form method="post" aria-label="Eliminar meta">
            <input type="hidden" name="intent" value="delete-goal" />
            <button className="button button--danger" type="submit">
              Eliminar meta
            </button>
          </Form>
        </div>
      ) : null}

      <section aria-labelledby="offices-title">
        <h2 id="offices-title">Aporte de cada OMIL</h2>
        <ul>
          {summary.offices.map((o) => (
            <li key={o.organizationId}>
              {o.name}: {formatAmount(o.validated)} validado, {formatAmount(o.pending)} pendiente, de {summary.hasSplit ? "su parte" : "una parte equitativa"} de {formatAmount(o.share)} (esperado a la fecha{" "}
              {formatExpected(o.expected, o.share)}) {o.behind ? <span className="office-behind">· bajo su parte</span> : null}
            </li>
          ))}
        </ul>
      </section>

      {canContribute ? <EntryForm organizationName={actorOrganizationName} periodStart={goal.periodStart} periodEnd={goal.periodEnd} today={today} /> : null}

      <section aria-labelledby="pending-title">
        <h2 id="pending-title">Pendientes de validación ({pending.length})</h2>
        {pending.length === 0 ? <p>No hay avances pendientes.</p> : <EntryTable entries={pending} networkId={network.id} goalId={goal.id} />}
      </section>
      <section aria-labelledby="reviewed-title">
        <h2 id="reviewed-title">Validados y rechazados ({reviewed.length})</h2>
        {reviewed.length === 0 ? <p>Aún no hay avances revisados.</p> : <EntryTable entries={reviewed} networkId={network.id} goalId={goal.id} />}
      </section>
    </>
  );
}

type EntryView = ReturnType<typeof useLoaderData<typeof loader>>["summary"]["entries"][number];

function EntryTable({ entries, networkId, goalId }: { entries: EntryView[]; networkId: string; goalId: string }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Fecha</th>
          <th scope="col">OMIL</th>
          <th scope="col">Valor</th>
          <th scope="col">Respaldo</th>
          <th scope="col">Estado</th>
          <th scope="col" className="no-print">
            Acciones
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDay(e.occurredOn)}</td>
            <td>{e.organizationName ?? "Toda la red"}</td>
            <td>{formatAmount(e.value)}</td>
            <td>
              {e.note ? <p style={{ margin: 0 }}>{e.note}</p> : null}
              {e.activityId ? <Link to={`/actividades/${e.activityId}`}>Ver actividad</Link> : null}
              {e.link ? (
                <a href={e.link} rel="noopener noreferrer nofollow" target="_blank">
                  Enlace de respaldo
                </a>
              ) : null}
              {e.fileName ? (
                <>
                  {" "}
                  <a href={`/redes/${networkId}/metas/${goalId}/respaldo/${e.id}`}>{e.fileName}</a>
                </>
              ) : null}
              {e.fileReplacedAt ? (
                <p className="muted" style={{ margin: 0 }}>
                  Archivo reemplazado por {e.fileReplacedByName ?? "una cuenta eliminada"} el {formatDateTime(e.fileReplacedAt)}
                </p>
              ) : null}
            </td>
            <td>
              {STATUS_LABELS[e.status]}
              {e.reviewNote ? <span className="muted"> — {e.reviewNote}</span> : null}
            </td>
            <td className="entry-actions no-print">
              {e.canValidate && e.status !== "validated" ? <ReviewButton entryId={e.id} intent="validate-entry" label="Validar" /> : null}
              {e.canValidate && e.status !== "rejected" ? (
                <details className="review-details">
                  <summary>{e.status === "validated" ? "Revertir (rechazar)" : "Rechazar"}</summary>
                  <RejectForm entryId={e.id} />
                </details>
              ) : null}
              {e.canUpdate ? <EditEntryForm entry={e} /> : null}
              {e.canReplaceEvidence ? <ReplaceEvidenceForm entryId={e.id} hasFile={Boolean(e.fileName)} /> : null}
              {e.canDelete ? <ReviewButton entryId={e.id} intent="delete-entry" label="Eliminar" /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewButton({ entryId, intent, label }: { entryId: string; intent: string; label: string }) {
  return (
    <Form method="post" aria-label={`${label} avance`}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="entryId" value={entryId} />
      <button className={intent === "delete-entry" ? "button button--danger" : "button"} type="submit">
        {label}
      </button>
    </Form>
  );
}

function RejectForm({ entryId }: { entryId: string }) {
  const data = useActionData<typeof action>();
  const mine = data?.intent === "reject-entry" && (data.result.initialValue as { entryId?: string } | undefined)?.entryId === entryId;
  const errors = mine ? (data?.result.error?.reviewNote ?? undefined) : undefined;
  return (
    <Form method="post" className="inline-form" aria-label="Rechazar avance">
      <input type="hidden" name="intent" value="reject-entry" />
      <input type="hidden" name="entryId" value={entryId} />
      <label className="visually-hidden" htmlFor={`reject-${entryId}`}>
        Motivo del rechazo
      </label>
      <input id={`reject-${entryId}`} name="reviewNote" placeholder="Motivo del rechazo" />
      <button className="button button--secondary" type="submit">
        Rechazar
      </button>
      <ErrorList errors={errors} />
    </Form>
  );
}

/** Replacing (or adding) the evidence file of the office's own pending entry; a plain multipart form. */
function ReplaceEvidenceForm({ entryId, hasFile }: { entryId: string; hasFile: boolean }) {
  const data = useActionData<typeof action>();
  const mine = data?.intent === "replace-evidence" && (data.result.initialValue as { entryId?: string } | undefined)?.entryId === entryId;
  const errors = mine ? (data?.result.error?.evidence ?? undefined) : undefined;
  const label = hasFile ? "Reemplazar archivo" : "Adjuntar archivo";
  const inputId = `replace-evidence-${entryId}`;
  return (
    <details className="review-details" open={mine || undefined}>
      <summary>{label}</summary>
      <Form method="post" encType="multipart/form-data" className="inline-form" aria-label={`${label} de respaldo`}>
        <input type="hidden" name="intent" value="replace-evidence" />
        <input type="hidden" name="entryId" value={entryId} />
        <label htmlFor={inputId}>Nuevo archivo de respaldo (máximo 10 MB)</label>
        <input id={inputId} name="evidence" type="file" accept={EVIDENCE_ACCEPT} required aria-describedby={errors ? `${inputId}-errors` : undefined} />
        <button className="button button--secondary" type="submit">
          {label}
        </button>
        <ErrorList id={`${inputId}-errors`} errors={errors} />
      </Form>
    </details>
  );
}

/** Correcting a pending entry without JavaScript: a disclosure with the same fields. */
function EditEntryForm({ entry }: { entry: EntryView }) {
  const data = useActionData<typeof action>();
  const mine = data?.intent === "edit-entry" && (data.result.initialValue as { entryId?: string } | undefined)?.entryId === entry.id;
  const [form, fields] = useForm({
    id: `edit-entry-${entry.id}`,
    lastResult: mine ? data?.result : undefined,
    defaultValue: { value: String(entry.value).replace(".", ","), occurredOn: entry.occurredOn, note: entry.note, link: entry.link ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditEntrySchema }),
  });
  return (
    <details className="review-details" open={mine || undefined}>
      <summary>Corregir</summary>
      <Form method="post" className="form" {...getFormProps(form)} aria-label="Corregir avance">
        <input type="hidden" name="intent" value="edit-entry" />
        <input type="hidden" name="entryId" value={entry.id} />
        <FormErrors errors={form.errors} />
        <TextField label="Valor" field={fields.value} required />
        <TextField label="Fecha" field={fields.occurredOn} type="date" required />
        <TextareaField label="Nota de respaldo" field={fields.note} rows={2} />
        <TextField label="Enlace de respaldo" field={fields.link} type="url" />
        <div>
          <button className="button" type="submit">
            Guardar corrección
          </button>
        </div>
      </Form>
    </details>
  );
}

function EntryForm({ organizationName, periodStart, periodEnd, today }: { organizationName: string; periodStart: string; periodEnd: string; today: string }) {
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "add-entry",
    lastResult: data?.intent === "add-entry" ? data.result : undefined,
    defaultValue: { occurredOn: today >= periodStart && today <= periodEnd ? today : periodEnd },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EntryFormSchema }),
  });
  const evidenceErrors = (data?.intent === "add-entry" ? data.result.error?.evidence : undefined) ?? undefined;
  return (
    <Form method="post" encType="multipart/form-data" className="form card no-print" {...getFormProps(form)} aria-labelledby="entry-title">
      <h2 id="entry-title">Registrar avance de {organizationName}</h2>
      <p className="muted">Queda pendiente hasta que la OMIL coordinadora o la Dirección Regional lo valide.</p>
      <input type="hidden" name="intent" value="add-entry" />
      <FormErrors errors={form.errors} />
      <TextField label="Valor" field={fields.value} required hint="Número mayor que cero; decimales con coma." />
      <TextField label="Fecha" field={fields.occurredOn} type="date" required hint={`Entre el ${formatDay(periodStart)} y el ${formatDay(periodEnd)}.`} />
      <TextareaField label="Nota de respaldo" field={fields.note} rows={3} />
      <TextField label="Enlace de respaldo" field={fields.link} type="url" />
      <div className="field">
        <label htmlFor="evidence">Archivo de respaldo (máximo 10 MB)</label>
        <input id="evidence" name="evidence" type="file" accept={EVIDENCE_ACCEPT} aria-describedby={evidenceErrors ? "evidence-errors" : undefined} />
        <ErrorList id="evidence-errors" errors={evidenceErrors} />
      </div>
      <div>
        <button className="button" type="submit">
          Registrar avance
        </button>
      </div>
    </Form>
  );
}
