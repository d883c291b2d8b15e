import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { ErrorList, FormErrors, SelectField, TextField, TextareaField } from "~/components/forms";
import { MODALITY_LABELS } from "./labels.ts";
import type { z } from "zod";
import { ActivityFormSchema } from "./schema.ts";

type ActivityFormInput = z.input<typeof ActivityFormSchema>;
type TextDefaults = Partial<Record<Exclude<keyof ActivityFormInput, "modality" | "cohostIds" | "alreadyHeld">, string>>;

export interface ActivityFormOptions {
  networkId: string;
  types: { slug: string; label: string }[];
  offices: { id: string; name: string; comunaCode?: string | null }[];
  comunas: { code: string; name: string }[];
}

/** The create and edit form of an activity; works without JavaScript. */
export function ActivityFormFields({
  options,
  lastResult,
  defaultValue,
  submitLabel,
  recordPast = false,
}: {
  options: ActivityFormOptions;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: TextDefaults & { modality?: ActivityFormInput["modality"]; cohostIds?: string[] };
  submitLabel: string;
  /** The create form offers "Ya se realizó" (registro posterior). */
  recordPast?: boolean;
}) {
  const [form, fields] = useForm<ActivityFormInput>({
    id: "activity-form",
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActivityFormSchema }),
  });
  const typed = fields.cohostIds.initialValue;
  const cohosts = new Set(Array.isArray(typed) ? typed : typed ? [typed] : []);
  return (
    <Form method="post" className="form" {...getFormProps(form)} aria-label="Datos de la actividad">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="networkId" value={options.networkId} />
      <SelectField label="Tipo de actividad" field={fields.typeSlug} options={options.types.map((t) => ({ value: t.slug, label: t.label }))} required />
      <TextField label="Título" field={fields.title} required />
      <TextField label="Inicio (hora de Chile)" field={fields.startsAt} type="datetime-local" required />
      <TextField label="Término (hora de Chile)" field={fields.endsAt} type="datetime-local" required />
      {recordPast ? (
        <div className="field">
          <label>
            <input
              type="checkbox"
              name={fields.alreadyHeld.name}
              defaultChecked={fields.alreadyHeld.initialValue === "on"}
              aria-invalid={fields.alreadyHeld.errors ? true : undefined}
              aria-describedby={`${fields.alreadyHeld.errorId} already-held-hint`}
            />{" "}
            Ya se realizó (registro posterior)
          </label>
          <p className="muted" id="already-held-hint">
            Márcalo para registrar una actividad pasada: queda como realizada, con la marca «Registro posterior», y puedes ingresar sus resultados.
          </p>
          <ErrorList id={fields.alreadyHeld.errorId} errors={fields.alreadyHeld.errors} />
        </div>
      ) : null}
      <SelectField label="Modalidad" field={fields.modality} options={Object.entries(MODALITY_LABELS).map(([value, label]) => ({ value, label }))} required />
      <SelectField label="Comuna" field={fields.comunaCode} options={options.comunas.map((c) => ({ value: c.code, label: c.name }))} placeholder="Sin comuna (solo actividades remotas)" />
      <TextField label="Dirección" field={fields.address} />
      <TextField label="Enlace de conexión" field={fields.onlineUrl} type="url" hint="Para actividades remotas o híbridas." />
      <SelectField label="OMIL anfitriona" field={fields.hostOrganizationId} options={options.offices.map((o) => ({ value: o.id, label: o.name }))} required />
      <fieldset className="field">
        <legend>OMIL coanfitrionas</legend>
        {options.offices.map((o) => (
          <label key={o.id} style={{ display: "block" }}>
            <input type="checkbox" name="cohostIds" value={o.id} defaultChecked={cohosts.has(o.id)} aria-describedby={fields.cohostIds.errorId} /> {o.name}
          </label>
        ))}
        <ErrorList id={fields.cohostIds.errorId} errors={fields.cohostIds.errors} />
      </fieldset>
      <TextField label="Persona a cargo" field={fields.personInCharge} />
      <TextField label="Público objetivo" field={fields.audience} />
      <TextareaField label="Notas" field={fields.notes} rows={4} />
      <div>
        <button className="button" type="submit">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
