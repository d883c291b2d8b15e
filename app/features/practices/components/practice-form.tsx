/**
 * The per-section editing form, shared by the editor route. Works without
 * JavaScript (plain fields, one Save button); with it, sections become rich
 * text editors, drafts save themselves a few seconds after each change, and
 * what is typed is kept in this browser until the portal has it
 * (use-practice-autosave.ts).
 */
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useRef } from "react";
import { FormErrors, SelectField, TextField, TextareaField } from "~/components/forms";
import type { BackupOwner } from "../form-backup.ts";
import { PracticeEditSchema } from "../schema.ts";
import { AUTHORED_SECTIONS, getPracticeSection, PRACTICE_SECTION_GROUPS } from "../template.ts";
import { SectionField } from "./section-field.tsx";
import { usePracticeAutosave } from "./use-practice-autosave.ts";

export interface PracticeFormValues {
  title: string;
  organizationName: string;
  regionCode: string;
  year: string;
  comunaCodes: string[];
  ambitos: string[];
  beneficiarios: string[];
  links: string;
  text: Record<string, string>;
  html: Record<string, string>;
}

type Option = { value: string; label: string };

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : [];
}

export function PracticeForm({
  values,
  lastResult,
  options,
  autosave,
  actionUrl,
  backupOwner = null,
  holdBackup = false,
  recovered = false,
}: {
  values: PracticeFormValues;
  lastResult?: SubmissionResult<string[]>;
  options: { regions: Option[]; comunas: Option[]; ambitos: Option[]; beneficiarios: Option[] };
  autosave: boolean;
  actionUrl: string;
  /** Whose local backup this form keeps (see form-backup.ts); null: none. */
  backupOwner?: BackupOwner | null;
  holdBackup?: boolean;
  recovered?: boolean;
}) {
  const [form, fields] = useForm({
    id: "practice-form",
    lastResult,
    // Lists and section texts do not fit conform's inferred input type (preprocessed arrays); the shape is right.
    defaultValue: { ...values, ...values.text } as never,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PracticeEditSchema }),
  });
  const formRef = useRef<HTMLFormElement>(null);
  const { onEdit, onSubmit, status } = usePracticeAutosave({ formRef, autosave, actionUrl, owner: backupOwner, holdBackup, recovered });
  const initial = (key: string) => asList((fields as Record<string, { initialValue?: unknown }>)[key]?.initialValue);
  const sectionText = (key: string) => {
    const v = (fields as Record<string, { initialValue?: unknown }>)[key]?.initialValue;
    return typeof v === "string" ? v : (values.text[key] ?? "");
  };
  const sectionErrors = (key: string) => (fields as Record<string, { errors?: string[] }>)[key]?.errors;
  const unclassified = sectionText("unclassified");
  const formProps = getFormProps(form);
  const richSections = AUTHORED_SECTIONS.filter((s) => s.kind === "rich");

  return (
    <Form
      method="post"
      action={actionUrl}
      ref={formRef}
      {...formProps}
      onSubmit={(event) => {
        onSubmit(event);
        if (!event.defaultPrevented) formProps.onSubmit(event);
      }}
      onChange={onEdit}
      aria-label="Editar buena práctica"
      // Its own backup keeps every field, the rich sections too (the generic form drafts skip hidden inputs).
      data-offline-draft="off"
    >
      <FormErrors errors={form.errors} />
      <p className="autosave-status" role="status" aria-live="polite">
        {status}
      </p>
      {unclassified ? (
        <SectionField section={getPracticeSection("unclassified")} text={unclassified} html={values.html.unclassified ?? ""} errors={sectionErrors("unclassified")} onChange={onEdit} highlight />
      ) : null}
      <fieldset className="card">
        <legend>{PRACTICE_SECTION_GROUPS.identificacion.label}</legend>
        <TextField label="Título" field={fields.title} required hint={getPracticeSection("title").hint} />
        <TextField label="Organización que aplica la práctica" field={fields.organizationName} hint={getPracticeSection("organization").hint} />
        <SelectField label="Región" field={fields.regionCode} options={options.regions} placeholder="Sin región" />
        <TextField label="Año" field={fields.year} type="number" />
        <div className="field">
          <label htmlFor="practice-comunas">Comunas involucradas</label>
          <select id="practice-comunas" name="comunaCodes" multiple size={6} defaultValue={initial("comunaCodes")}>
            {options.comunas.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <span className="field__hint">Mantenga presionada la tecla Ctrl (o Cmd) para elegir varias.</span>
        </div>
        {(["ambitos", "beneficiarios"] as const).map((key) => (
          <fieldset className="field" key={key}>
            <legend>{getPracticeSection(key).label}</legend>
            <span className="field__hint">{getPracticeSection(key).hint}</span>
            <div className="checkbox-grid">
              {options[key].map((o) => (
                <label key={o.value}>
                  <input type="checkbox" name={key} value={o.value} defaultChecked={initial(key).includes(o.value)} /> {o.label}
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <TextareaField label="Enlaces (uno por línea: dirección y, opcionalmente, una descripción)" field={fields.links} rows={3} hint="Por ejemplo: https://www.youtube.com/watch?v=… Video de la feria" />
      </fieldset>
      {richSections.map((section, index) => {
        // A group heading before the first section of each group.
        const heading = section.group !== richSections[index - 1]?.group ? PRACTICE_SECTION_GROUPS[section.group].label : null;
        return (
          <div key={section.key}>
            {heading ? <h2>{heading}</h2> : null}
            <SectionField section={section} text={sectionText(section.key)} html={values.html[section.key] ?? ""} errors={sectionErrors(section.key)} onChange={onEdit} />
          </div>
        );
      })}
      <input type="hidden" name="intent" value="save" />
      <div className="actions">
        <button className="button" type="submit">
          Guardar
        </button>
      </div>
    </Form>
  );
}
