import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorList, FormErrors, SelectField, TextField, TextareaField } from "~/components/forms";
import { SavedStatus, useSaved } from "~/components/saved-status";
import { ATTENDANCE_STATUSES, AGREEMENT_STATUSES } from "~/db/enums";
import { formatDay } from "~/utils/dates";
import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUS_TONES, ATTENDANCE_LABELS, agreementDisplayStatus } from "./labels.ts";
import type { meetingPageData } from "./meeting-page.server.ts";
import { AgendaItemSchema, AgreementFormSchema, AgreementUpdateSchema, EditAgendaItemSchema } from "./schema.ts";
import { TableScroll } from "~/components/table-scroll";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

type PageData = SerializeFrom<Awaited<ReturnType<typeof meetingPageData>>>;
type AgreementRow = PageData["agreements"][number];

function useIntentResult(intent: string, match?: (r: SubmissionResult<string[]>) => boolean) {
  const data = useActionData<{ intent: string; result: SubmissionResult<string[]> }>();
  if (!data || data.intent !== intent) return undefined;
  return !match || match(data.result) ? data.result : undefined;
}

type AgendaRow = PageData["agenda"][number];

/** Editing an item in place: a native <details> (no JavaScript needed), open again when the edit failed. */
function AgendaItemEditor({ item }: { item: AgendaRow }) {
  const result = useIntentResult("edit-agenda", (r) => (r.initialValue as Record<string, unknown> | undefined)?.itemId === item.id);
  const [form, fields] = useForm({
    id: `agenda-item-${item.id}`,
    lastResult: result,
    defaultValue: { title: item.title, presenter: item.presenter, minutes: String(item.minutes) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditAgendaItemSchema }),
  });
  return (
    <details open={result ? true : undefined}>
      <summary>Editar</summary>
      <Form method="post" className="form card" {...getFormProps(form)} aria-label={`Editar tema de la tabla: ${item.title}`}>
        <input type="hidden" name="intent" value="edit-agenda" />
        <input type="hidden" name="itemId" value={item.id} />
        <FormErrors errors={form.errors} />
        <TextField label="Tema" field={fields.title} required />
        <TextField label="Expositor/a" field={fields.presenter} />
        <TextField label="Minutos" field={fields.minutes} type="number" required />
        <div>
          <button className="button" type="submit">
            Guardar tema
          </button>
        </div>
      </Form>
    </details>
  );
}

function MoveButton({ item, direction }: { item: AgendaRow; direction: "up" | "down" }) {
  const label = direction === "up" ? "Subir" : "Bajar";
  return (
    <Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="intent" value="move-agenda" />
      <input type="hidden" name="itemId" value={item.id} />
      <input type="hidden" name="direction" value={direction} />{" "}
      <button className="button button--ghost" type="submit" aria-label={`${label} en la tabla: ${item.title}`}>
        {label}
      </button>
    </Form>
  );
}

/** Keyed on the save (useSaved): after an add it comes back empty. */
function AddAgendaItemForm() {
  const [form, fields] = useForm({
    id: "agenda-form",
    lastResult: useIntentResult("add-agenda"),
    defaultValue: { minutes: "10" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgendaItemSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-label="Agregar tema a la tabla">
      <input type="hidden" name="intent" value="add-agenda" />
      <FormErrors errors={form.errors} />
      <TextField label="Tema" field={fields.title} required />
      <TextField label="Expositor/a" field={fields.presenter} />
      <TextField label="Minutos" field={fields.minutes} type="number" required />
      <div>
        <button className="button" type="submit">
          Agregar a la tabla
        </button>
      </div>
    </Form>
  );
}

export function AgendaSection() {
  const { agenda, budget, can, carried, today } = useLoaderData<PageData>();
  const added = useSaved("tema");
  const moveResult = useIntentResult("move-agenda");
  const moveErrors = moveResult?.error ? Object.values(moveResult.error).flatMap((messages) => messages ?? []) : [];
  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title">Tabla</h2>
      <p className={budget.over ? "notice notice--warning" : "muted"} role={budget.over ? "alert" : undefined}>
        Tiempo planificado: {budget.planned} de {budget.available} minutos{budget.over ? ` — la tabla excede la reunión en ${budget.planned - budget.available} minutos.` : "."}
      </p>
      {moveErrors.length > 0 ? (
        <Notice tone="warning" role="alert">
          {moveErrors.join(" ")}
        </Notice>
      ) : null}
      <ol>
        {agenda.map((item, index) => (
          <li key={item.id}>
            {item.title} — {item.presenter || "sin expositor"} ({item.minutes} min)
            {can.agenda ? (
              <>
                {index > 0 ? <MoveButton item={item} direction="up" /> : null}
                {index < agenda.length - 1 ? <MoveButton item={item} direction="down" /> : null}
                <Form method="post" style={{ display: "inline" }}>
                  <input type="hidden" name="intent" value="remove-agenda" />
                  <input type="hidden" name="itemId" value={item.id} />{" "}
                  <button className="button button--ghost" type="submit" aria-label={`Quitar de la tabla: ${item.title}`}>
                    Quitar
                  </button>
                </Form>
                <AgendaItemEditor key={`${item.id}:${item.title}:${item.presenter}:${item.minutes}`} item={item} />
              </>
            ) : null}
          </li>
        ))}
        {carried.length > 0 ? (
          <li>
            Seguimiento de acuerdos anteriores ({carried.length})
            <ul>
              {carried.map((a) => (
                <li key={a.id}>
                  {a.text} — {a.ownerOrganizationName ?? a.ownerPerson}, plazo {formatDay(a.dueOn)} ({AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, today)]})
                </li>
              ))}
            </ul>
          </li>
        ) : null}
      </ol>
      {can.agenda ? (
        <>
          <SavedStatus show={added.saved} message="Agregamos el tema a la tabla." />
          <AddAgendaItemForm key={added.formKey} />
        </>
      ) : null}
    </section>
  );
}

export function AttendanceSection() {
  const { offices, attendance, can } = useLoaderData<PageData>();
  const saved = useSaved("asistencia");
  return (
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">Asistencia</h2>
      <Form method="post" aria-labelledby="attendance-title">
        <input type="hidden" name="intent" value="attendance" />
        <TableScroll label="Listado de asistencia">
          <table>
            <thead>
              <tr>
                <th scope="col">OMIL</th>
                {ATTENDANCE_STATUSES.map((s) => (
                  <th scope="col" key={s}>
                    {ATTENDANCE_LABELS[s]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {offices.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  {ATTENDANCE_STATUSES.map((s) => (
                    <td key={s}>
                      <input
                        type="radio"
                        name={`attendance.${o.id}`}
                        value={s}
                        defaultChecked={attendance[o.id] === s}
                        disabled={!can.attendance}
                        aria-label={`${o.name}: ${ATTENDANCE_LABELS[s]}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {can.attendance ? (
          <>
            <SavedStatus show={saved.saved} message="Guardamos la asistencia." />
            <button className="button" type="submit">
              Guardar asistencia
            </button>
          </>
        ) : null}
      </Form>
    </section>
  );
}

function AgreementRowView({ a, today }: { a: AgreementRow; today: string }) {
  const result = useIntentResult("update-agreement", (r) => (r.initialValue as Record<string, unknown> | undefined)?.agreementId === a.id);
  const [form, fields] = useForm({
    id: `agreement-${a.id}`,
    lastResult: result,
    defaultValue: { status: a.status, closingNote: a.closingNote },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgreementUpdateSchema }),
  });
  const status = agreementDisplayStatus(a, today);
  return (
    <li>
      <p>
        <strong>{a.text}</strong> — {a.ownerOrganizationName ?? a.ownerPerson}, plazo {formatDay(a.dueOn)} <Badge tone={AGREEMENT_STATUS_TONES[status]}>{AGREEMENT_STATUS_LABELS[status]}</Badge>
        {a.ownerRole === "coordinacion" ? (
          <>
            {" "}
            <Badge tone="neutral">Tarea de coordinación</Badge>
          </>
        ) : null}
        {a.closingNote ? <span className="muted"> Cierre: {a.closingNote}</span> : null}
      </p>
      {a.canUpdate ? (
        <Form method="post" className="inline-form" {...getFormProps(form)} aria-label={`Actualizar acuerdo: ${a.text}`}>
          <input type="hidden" name="intent" value="update-agreement" />
          <input type="hidden" name="agreementId" value={a.id} />
          <FormErrors errors={form.errors} />
          <SelectField label="Estado" field={fields.status} options={AGREEMENT_STATUSES.map((s) => ({ value: s, label: AGREEMENT_STATUS_LABELS[s] }))} />
          <TextField label="Nota de cierre" field={fields.closingNote} />
          <button className="button button--secondary" type="submit">
            Actualizar
          </button>
        </Form>
      ) : null}
    </li>
  );
}

export function AgreementsSection() {
  const { agreements, carried, can, today } = useLoaderData<PageData>();
  const added = useSaved("acuerdo");
  return (
    <section aria-labelledby="acuerdos" id="acuerdos-section">
      <h2 id="acuerdos">Acuerdos</h2>
      {agreements.length === 0 ? <p className="muted">Sin acuerdos en esta reunión.</p> : null}
      <ul>
        {agreements.map((a) => (
          <AgreementRowView key={a.id} a={a} today={today} />
        ))}
      </ul>
      {carried.length > 0 ? (
        <>
          <h3>Seguimiento de acuerdos anteriores</h3>
          <ul>
            {carried.map((a) => (
              <AgreementRowView key={a.id} a={a} today={today} />
            ))}
          </ul>
        </>
      ) : null}
      {can.agreements ? (
        <>
          <SavedStatus show={added.saved} message="Guardamos el acuerdo." />
          <NewAgreementForm key={added.formKey} />
        </>
      ) : null}
    </section>
  );
}

/** Keyed on the save (useSaved): after an add it comes back empty. */
function NewAgreementForm() {
  const { offices } = useLoaderData<PageData>();
  const [form, fields] = useForm({
    id: "agreement-form",
    lastResult: useIntentResult("add-agreement"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgreementFormSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-label="Nuevo acuerdo">
      <h3>Nuevo acuerdo</h3>
      <input type="hidden" name="intent" value="add-agreement" />
      <FormErrors errors={form.errors} />
      <TextareaField label="Acuerdo" field={fields.text} rows={2} />
      <SelectField label="OMIL responsable" field={fields.ownerOrganizationId} options={offices.map((o) => ({ value: o.id, label: o.name }))} placeholder="Ninguna (indica la persona)" />
      <TextField label="Persona responsable" field={fields.ownerPerson} />
      <fieldset className="field" aria-describedby={fields.ownerRole.errorId}>
        <legend>De quién es la tarea</legend>
        <label>
          <input type="radio" name={fields.ownerRole.name} value="oficina" defaultChecked={fields.ownerRole.initialValue !== "coordinacion"} /> Tarea propia de la OMIL
          responsable (se queda con ella)
        </label>
        <label>
          <input type="radio" name={fields.ownerRole.name} value="coordinacion" defaultChecked={fields.ownerRole.initialValue === "coordinacion"} /> Tarea de la
          coordinación de la red (pasa a la nueva coordinadora en un traspaso)
        </label>
        <ErrorList id={fields.ownerRole.errorId} errors={fields.ownerRole.errors} />
      </fieldset>
      <TextField label="Plazo" field={fields.dueOn} type="date" required />
      <div>
        <button className="button" type="submit">
          Registrar acuerdo
        </button>
      </div>
    </Form>
  );
}
