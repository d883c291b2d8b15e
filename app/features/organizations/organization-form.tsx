import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { OMIL_CATEGORY_LABELS, ORGANIZATION_KIND_LABELS } from "./labels.ts";
import { OrganizationFormSchema } from "./schema.ts";

/** The organization form, shared by the create and edit pages. */
export function OrganizationFormView({
  lastResult,
  defaultValue,
  comunas,
  regions,
  lockKind,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]>;
  defaultValue?: Record<string, string | null | undefined>;
  comunas: { value: string; label: string }[];
  regions: { value: string; label: string }[];
  lockKind?: boolean;
  submitLabel: string;
}) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    constraint: getZodConstraint(OrganizationFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizationFormSchema }),
    shouldRevalidate: "onInput",
  });
  const kind = fields.kind.value ?? defaultValue?.kind ?? "omil";
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      {lockKind ? (
        <input type="hidden" name="kind" value={kind} />
      ) : (
        <SelectField
          label="Tipo"
          field={fields.kind}
          options={Object.entries(ORGANIZATION_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          required
        />
      )}
      <TextField label="Nombre" field={fields.name} required />
      <SelectField label="Comuna (OMIL)" field={fields.comunaCode} options={comunas} placeholder="Elige la comuna" />
      <SelectField label="Categoría (OMIL)" field={fields.category} options={Object.entries(OMIL_CATEGORY_LABELS).map(([value, label]) => ({ value, label }))} />
      <SelectField label="Región (Dirección Regional)" field={fields.regionCode} options={regions} placeholder="Elige la región" />
      <TextField label="Correo de contacto" field={fields.email} type="email" />
      <TextField label="Teléfono" field={fields.phone} type="tel" />
      <TextField label="Dirección" field={fields.address} />
      <div>
        <button className="button" type="submit">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
