import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ErrorList, FormErrors, TextField, TextareaField } from "~/components/forms";
import { formatDateTime, formatDay } from "~/utils/dates";
import type { GoalPageData } from "./goal-page.server.ts";
import { formatAmount } from "./progress.ts";
import { EditEntrySchema, EntryFormSchema, EVIDENCE_ACCEPT } from "./schema.ts";
import { TableScroll } from "~/components/table-scroll";

/*
 * The goal page's forms and entry table: recording progress, correcting it,
 * replacing its evidence, validating or rejecting it. Each form posts to the
 * page's action (goal-page.server.ts) with an `intent`; a 400 answer carries
 * the intent so only the form that was sent shows its errors.
 */

/** What the page's action answers on a 400. */
export type GoalPageActionData = { intent: string; result: SubmissionResult<string[]> };
export type EntryView = SerializeFrom<GoalPageData>["pendingEntries"][number];

const STATUS_LABELS = { pending: "Pendiente de validación", validated: "Validado", rejected: "Rechazado" } as const;


export function EntryTable({ entries, networkId, goalId }: { entries: EntryView[]; networkId: string; goalId: string }) {
  return (
    <TableScroll label="Listado de avances registrados">
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
    </TableScroll>
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
  const data = useActionData<GoalPageActionData>();
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
  const data = useActionData<GoalPageActionData>();
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
  const data = useActionData<GoalPageActionData>();
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

export function EntryForm({ organizationName, periodStart, periodEnd, today }: { organizationName: string; periodStart: string; periodEnd: string; today: string }) {
  const data = useActionData<GoalPageActionData>();
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
