import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { appendBudgetRow, budgetArray, budgetTotal, parseClpAmount, readBudget, type BudgetRow } from "~/editor/proposal-doc";
import { formatClp } from "../rules.ts";

/**
 * The budget as shared rows (item, description, amount in CLP) with the
 * total. Each field is one Y.Map entry, so two people editing different
 * cells never overwrite each other; an amount that is not a number is kept
 * and flagged in its row.
 */
export function BudgetEditor({ doc, readOnly, maxBudget }: { doc: Y.Doc; readOnly: boolean; maxBudget: number }) {
  const [rows, setRows] = useState<BudgetRow[]>(() => readBudget(doc));
  useEffect(() => {
    const array = budgetArray(doc);
    const refresh = () => setRows(readBudget(doc));
    refresh();
    array.observeDeep(refresh);
    return () => array.unobserveDeep(refresh);
  }, [doc]);
  const setField = (index: number, field: keyof BudgetRow, value: string) => budgetArray(doc).get(index)?.set(field, value);
  const { total } = budgetTotal(rows);
  return (
    <section id="presupuesto" aria-labelledby="budget-title" className="budget-editor">
      <h3 id="budget-title">Presupuesto</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Ítem</th>
            <th scope="col">Descripción</th>
            <th scope="col">Monto (CLP)</th>
            {readOnly ? null : <th scope="col">Acciones</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const invalid = row.amount.trim() !== "" && parseClpAmount(row.amount) === null;
            const errorId = `budget-amount-error-${index}`;
            return (
              <tr key={index}>
                <td>
                  <input aria-label={`Ítem de la fila ${index + 1}`} value={row.item} readOnly={readOnly} onChange={(e) => setField(index, "item", e.target.value)} />
                </td>
                <td>
                  <input aria-label={`Descripción de la fila ${index + 1}`} value={row.description} readOnly={readOnly} onChange={(e) => setField(index, "description", e.target.value)} />
                </td>
                <td>
                  <input
                    aria-label={`Monto de la fila ${index + 1}`}
                    inputMode="numeric"
                    value={row.amount}
                    readOnly={readOnly}
                    aria-invalid={invalid || undefined}
                    aria-describedby={invalid ? errorId : undefined}
                    onChange={(e) => setField(index, "amount", e.target.value)}
                  />
                  {invalid ? (
                    <span id={errorId} className="field__errors" role="alert">
                      No es un monto en pesos (usa solo números, por ejemplo 1.500.000).
                    </span>
                  ) : null}
                </td>
                {readOnly ? null : (
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => budgetArray(doc).delete(index, 1)}>
                      Quitar fila {index + 1}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td className={total > maxBudget ? "field__errors" : undefined}>
              {formatClp(total)} de {formatClp(maxBudget)}
            </td>
          </tr>
        </tfoot>
      </table>
      {readOnly ? null : (
        <button type="button" className="button button--secondary" onClick={() => appendBudgetRow(doc)}>
          Agregar ítem
        </button>
      )}
    </section>
  );
}
