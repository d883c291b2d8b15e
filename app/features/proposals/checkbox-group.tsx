import type { FieldMetadata } from "@conform-to/react";
import { ErrorList } from "~/components/forms";

/** A fieldset of checkboxes posting an array (regions, responsible offices, mentions); works without JavaScript. */
export function CheckboxGroup({
  legend,
  field,
  options,
  hint,
}: {
  legend: string;
  field: FieldMetadata<string[] | undefined, Record<string, unknown>, string[]>;
  options: { value: string; label: string }[];
  hint?: string;
}) {
  const initial = field.initialValue;
  const selected = new Set(Array.isArray(initial) ? initial : initial ? [initial] : []);
  return (
    <fieldset className="field" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend>{legend}</legend>
      {hint ? <span className="field__hint">{hint}</span> : null}
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="checkbox" name={field.name} value={o.value} defaultChecked={selected.has(o.value)} /> {o.label}
        </label>
      ))}
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}
