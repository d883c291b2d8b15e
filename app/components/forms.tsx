import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useId } from "react";
import { Notice } from "~/components/notice";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field__errors" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

/** The form-level error (not tied to one field). */
export function FormErrors({ errors, id }: { errors?: string[] | null; id?: string }) {
  if (!errors?.length) return null;
  return (
    <Notice tone="error" role="alert" id={id}>
      {errors.map((e) => (
        <p key={e} style={{ margin: 0 }}>
          {e}
        </p>
      ))}
    </Notice>
  );
}

type AnyField = FieldMetadata<string | number | undefined | null, Record<string, unknown>, string[]>;

export function TextField({
  label,
  field,
  type = "text",
  hint,
  autoComplete,
  required,
}: {
  label: string;
  field: AnyField;
  type?: "text" | "email" | "password" | "date" | "number" | "url" | "tel" | "datetime-local" | "time";
  hint?: string;
  autoComplete?: string;
  required?: boolean;
}) {
  const hintId = useId();
  const props = getInputProps(field as FieldMetadata<string>, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input {...props} key={props.key} autoComplete={autoComplete} required={required ? true : undefined} />
      {hint ? (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextareaField({ label, field, hint, rows = 4 }: { label: string; field: AnyField; hint?: string; rows?: number }) {
  const props = getTextareaProps(field as FieldMetadata<string>);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea {...props} key={props.key} rows={rows} />
      {hint ? <span className="field__hint">{hint}</span> : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function SelectField({
  label,
  field,
  options,
  placeholder = "Elige una opción",
  required,
}: {
  label: string;
  field: AnyField;
  options: { value: string; label: string }[];
  placeholder?: string;
  required?: boolean;
}) {
  const props = getSelectProps(field as FieldMetadata<string>);
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select {...props} key={props.key}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
