import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { ErrorList, FormErrors, SelectField, TextField } from "~/components/forms";
import { CUSTOM_INDICATOR, GoalFormSchema, SPLIT_MODE_LABELS, SPLIT_MODES } from "./schema.ts";

const MONTH_NAMES = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre"];
const CATEGORY_LABELS = { basica: "Básica", intermedia: "Intermedia", avanzada: "Avanzada" } as const;

export type GoalFormDefaults = {
  title?: string;
  customIndicatorLabel?: string;
  indicatorSlug?: string;
  unit?: string;
  target?: string;
  baseline?: string;
  year: string;
  periodStart: string;
  periodEnd: string;
  splitMode?: string;
  weightBasica?: string;
  weightIntermedia?: string;
  weightAvanzada?: string;
  plan?: string[];
  share?: Record<string, string>;
};

/** Create and edit share this form; it works without JavaScript (the server computes splits). */
export function GoalFormFields({
  lastResult,
  defaults,
  indicators,
  members,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: GoalFormDefaults;
  indicators: { slug: string; label: string; unit: string }[];
  members: { organizationId: string; name: string; category: string | null }[];
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    id: "goal-form",
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GoalFormSchema }),
  });
  const typed = (lastResult?.initialValue ?? {}) as { plan?: string[]; share?: Record<string, string> };
  const planValue = (i: number) => typed.plan?.[i] ?? defaults.plan?.[i] ?? "";
  const shareValue = (id: string) => typed.share?.[id] ?? defaults.share?.[id] ?? "";
  // Errors of single months ("plan[3]") and of the plan as a whole, shown under the plan.
  const planErrors = [...new Set(Object.entries(form.allErrors).flatMap(([key, errors]) => (key === "plan" || key.startsWith("plan[") ? errors : [])))];
  return (
    <Form method="post" className="form card" encType="application/x-www-form-urlencoded" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField label="Nombre de la meta" field={fields.title} required />
      <SelectField
        label="Indicador"
        field={fields.indicatorSlug}
        required
        options={[...indicators.map((i) => ({ value: i.slug, label: `${i.label} (${i.unit})` })), { value: CUSTOM_INDICATOR, label: "Otro indicador (personalizado)" }]}
      />
      <TextField label="Nombre del indicador personalizado" field={fields.customIndicatorLabel} hint="Solo si elegiste «Otro indicador». Quedará disponible para las próximas metas." />
      <TextField label="Unidad" field={fields.unit} hint="Por ejemplo: personas, empresas, talleres. Si la dejas vacía se usa la del indicador." />
      <TextField label="Meta" field={fields.target} required hint="Número sin separador de miles; decimales con coma." />
      <TextField label="Línea base" field={fields.baseline} hint="Lo logrado el año anterior, como referencia (opcional)." />
      <TextField label="Año" field={fields.year} type="number" required />
      <TextField label="Inicio del período" field={fields.periodStart} type="date" required />
      <TextField label="Término del período" field={fields.periodEnd} type="date" required />

      <fieldset>
        <legend>Reparto de la meta entre las OMIL</legend>
        {SPLIT_MODES.map((mode) => (
          <div key={mode}>
            <input
              type="radio"
              id={`split-${mode}`}
              name={fields.splitMode.name}
              value={mode}
              defaultChecked={(fields.splitMode.initialValue ?? "none") === mode}
              aria-describedby={fields.splitMode.errorId}
            />{" "}
            <label htmlFor={`split-${mode}`}>{SPLIT_MODE_LABELS[mode]}</label>
          </div>
        ))}
        <ErrorList id={fields.splitMode.errorId} errors={fields.splitMode.errors} />
        <p className="field__hint">Con pesos por categoría, cada OMIL recibe una parte proporcional a su peso (por defecto 1). Las partes siempre suman la meta.</p>
        <div className="inline-form">
          <TextField label={`Peso ${CATEGORY_LABELS.basica}`} field={fields.weightBasica} />
          <TextField label={`Peso ${CATEGORY_LABELS.intermedia}`} field={fields.weightIntermedia} />
          <TextField label={`Peso ${CATEGORY_LABELS.avanzada}`} field={fields.weightAvanzada} />
        </div>
        <p className="field__hint">Parte de cada OMIL (solo para «Indicar la parte de cada OMIL»):</p>
        <div className="inline-form">
          {members.map((m) => (
            <div className="field" key={m.organizationId}>
              <label htmlFor={`share-${m.organizationId}`}>
                {m.name}
                {m.category ? ` (${CATEGORY_LABELS[m.category as keyof typeof CATEGORY_LABELS] ?? m.category})` : ""}
              </label>
              <input id={`share-${m.organizationId}`} name={`share.${m.organizationId}`} inputMode="decimal" defaultValue={shareValue(m.organizationId)} />
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>Plan mensual (opcional)</legend>
        <p className="field__hint">Lo que la red espera sumar cada mes. Si lo completas, debe sumar la meta y el avance esperado seguirá este plan en vez de una línea recta.</p>
        <div className="plan-grid">
          {MONTH_NAMES.map((name, i) => (
            <div className="field" key={name}>
              <label htmlFor={`plan-${i}`}>{name}</label>
              <input id={`plan-${i}`} name={`plan[${i}]`} inputMode="decimal" defaultValue={planValue(i)} />
            </div>
          ))}
        </div>
        <ErrorList id={fields.plan.errorId} errors={planErrors} />
      </fieldset>
      <div>
        <button className="button" type="submit">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
