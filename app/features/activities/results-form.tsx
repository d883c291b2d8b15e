import { Form } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { ErrorList, FormErrors } from "~/components/forms";
import { perOfficeName, resultFormFor } from "./result-forms.ts";
import { TableScroll } from "~/components/table-scroll";

type Typed = Record<string, unknown>;

function valueOf(source: Typed | null | undefined, key: string, organizationId?: string): string {
  const v = source?.[key];
  if (organizationId) return String((v as Record<string, unknown> | undefined)?.[organizationId] ?? "");
  return v === undefined || v === null ? "" : String(v);
}

/**
 * The results form of a done activity. Counts are typed per host office (a
 * table with one column per office) so goals credit each its own share.
 * On a 400 it shows what was typed (lastResult.initialValue), else the stored results.
 */
export function ResultsForm({
  typeSlug,
  hosts,
  saved,
  lastResult,
}: {
  typeSlug: string;
  hosts: { organizationId: string; name: string }[];
  saved: Typed | null;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const form = resultFormFor(typeSlug);
  const source = (lastResult?.initialValue as Typed | undefined) ?? saved;
  const errors = (lastResult?.error ?? {}) as Record<string, string[] | null>;
  const counts = form.fields.filter((f) => f.kind === "count");
  const others = form.fields.filter((f) => f.kind !== "count");
  return (
    <Form method="post" className="form card" aria-labelledby="results-title">
      <h3 id="results-title">Resultados</h3>
      <input type="hidden" name="intent" value="results" />
      <FormErrors errors={errors[""] ?? errors.intent} />
      {counts.length > 0 ? (
        <TableScroll label="Listado de resultados por OMIL">
          <table>
            <caption className="visually-hidden">Resultados por OMIL</caption>
            <thead>
              <tr>
                <th scope="col">Resultado</th>
                {hosts.map((h) => (
                  <th scope="col" key={h.organizationId}>
                    {h.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {counts.map((f) => (
                <tr key={f.key}>
                  <th scope="row">{f.label}</th>
                  {hosts.map((h) => {
                    const name = perOfficeName(f.key, h.organizationId);
                    return (
                      <td key={h.organizationId}>
                        <input
                          type="number"
                          min={0}
                          step={1}
                          inputMode="numeric"
                          name={name}
                          aria-label={`${f.label} — ${h.name}`}
                          defaultValue={valueOf(source, f.key, h.organizationId)}
                          aria-invalid={errors[name] ? true : undefined}
                        />
                        <ErrorList errors={errors[name]} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {others.map((f) =>
        f.kind === "check" ? (
          <label key={f.key} style={{ display: "block" }}>
            <input type="checkbox" name={f.key} defaultChecked={valueOf(source, f.key) === "true" || valueOf(source, f.key) === "on"} /> {f.label}
          </label>
        ) : (
          <div className="field" key={f.key}>
            <label htmlFor={`result-${f.key}`}>{f.label}</label>
            <textarea id={`result-${f.key}`} name={f.key} rows={3} defaultValue={valueOf(source, f.key)} />
            <ErrorList errors={errors[f.key]} />
          </div>
        ),
      )}
      <div>
        <button className="button" type="submit">
          Guardar resultados
        </button>
      </div>
    </Form>
  );
}
