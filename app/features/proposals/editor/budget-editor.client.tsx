import { TableScroll } from "~/components/table-scroll";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { BudgetCell } from "~/editor/budget-cell.client";
import { appendBudgetRow, budgetArray, budgetTotal, deleteBudgetRow, findBudgetRowIndex, insertBudgetRow, parseClpAmount, readBudgetRows, rowIdOf, type BudgetRowMap, type BudgetRowView } from "~/editor/budget-doc";
import { formatClp } from "../rules.ts";
import { Notice } from "~/components/notice";

/**
 * The budget as shared rows (item, description, amount in CLP) with the live
 * total. Each cell is a Y.Text (decision 0120): two people typing in one cell
 * merge character by character. Presence says who is in which row; removing a
 * row someone else is in asks first, every removal can be undone
 * ("Deshacer"), and whoever was typing in a removed row gets its text back.
 */

/** Origin of row removals: the undo manager tracks only these. */
const DELETE_ORIGIN = Object.freeze({ budget: "delete-row" });

interface Person {
  clientId: number;
  name: string;
  color: string;
  row: string | null;
  deleted: string | null;
}

function readPeople(awareness: Awareness): Person[] {
  const people: Person[] = [];
  awareness.getStates().forEach((state, clientId) => {
    const user = state.user as { name?: string; color?: string } | undefined;
    if (clientId === awareness.clientID || !user?.name) return;
    const budget = state.budget as { row?: string; deleted?: string } | undefined;
    people.push({ clientId, name: user.name, color: user.color ?? "#555", row: budget?.row ?? null, deleted: budget?.deleted ?? null });
  });
  return people;
}

const rowLabel = (row: BudgetRowView, index: number) => (row.item.trim() ? `«${row.item.trim()}»` : `${index + 1}`);

export function BudgetEditor({ doc, awareness, readOnly, maxBudget }: { doc: Y.Doc; awareness: Awareness; readOnly: boolean; maxBudget: number }) {
  const [rows, setRows] = useState<BudgetRowView[]>(() => readBudgetRows(doc));
  const [people, setPeople] = useState<Person[]>(() => readPeople(awareness));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [removed, setRemoved] = useState<{ id: string; label: string } | null>(null);
  const [lost, setLost] = useState<{ row: BudgetRowView; index: number } | null>(null);
  /** The row this person is in, and how it looked last: offered back if someone removes it. */
  const mine = useRef<{ id: string; snapshot: BudgetRowView | null; index: number } | null>(null);
  const removing = useRef(false);
  const undo = useMemo(() => new Y.UndoManager(budgetArray(doc), { trackedOrigins: new Set([DELETE_ORIGIN]), captureTimeout: 0 }), [doc]);
  useEffect(() => () => undo.destroy(), [undo]);

  useEffect(() => {
    const array = budgetArray(doc);
    const refresh = () => {
      const next = readBudgetRows(doc);
      setRows(next);
      const current = mine.current;
      if (!current) return;
      const index = next.findIndex((r) => r.id === current.id);
      if (index >= 0) mine.current = { id: current.id, snapshot: next[index], index };
      else if (!removing.current && current.snapshot) {
        setLost({ row: current.snapshot, index: current.index });
        mine.current = null;
      }
    };
    refresh();
    array.observeDeep(refresh);
    return () => array.unobserveDeep(refresh);
  }, [doc]);
  useEffect(() => {
    const refresh = () => setPeople(readPeople(awareness));
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness]);

  const setPresence = (row: string | null) => awareness.setLocalStateField("budget", { ...(awareness.getLocalState()?.budget as object | undefined), row });
  const enterRow = (id: string) => {
    const index = rows.findIndex((r) => r.id === id);
    mine.current = { id, snapshot: rows[index] ?? null, index };
    setPresence(id);
  };
  const leaveRow = () => setPresence(null);

  const remove = (row: BudgetRowView, index: number) => {
    removing.current = true;
    try {
      if (!deleteBudgetRow(doc, row.id, DELETE_ORIGIN)) return;
    } finally {
      removing.current = false;
    }
    undo.stopCapturing();
    if (mine.current?.id === row.id) mine.current = null;
    setConfirming(null);
    setRemoved({ id: row.id, label: rowLabel(row, index) });
    awareness.setLocalStateField("budget", { row: null, deleted: row.id });
  };
  const askRemove = (row: BudgetRowView, index: number) => {
    if (people.some((p) => p.row === row.id)) setConfirming(row.id);
    else remove(row, index);
  };
  const rowBack = (id: string) => findBudgetRowIndex(doc, id) >= 0;
  const restoreLost = () => {
    if (!lost) return;
    if (!rowBack(lost.row.id)) insertBudgetRow(doc, lost.index, lost.row, lost.row.id);
    setLost(null);
  };

  const { total } = budgetTotal(rows);
  const maps = budgetArray(doc).toArray();
  const mapOf = (id: string) => maps.find((m, i) => m instanceof Y.Map && rowIdOf(m, i) === id) as BudgetRowMap | undefined;
  const seenIds = new Map<string, number>();
  const lostBy = lost ? people.find((p) => p.deleted === lost.row.id)?.name : undefined;
  return (
    <section id="presupuesto" aria-labelledby="budget-title" className="budget-editor">
      <h3 id="budget-title">Presupuesto</h3>
      {lost && !rowBack(lost.row.id) ? (
        <Notice tone="warning" role="alert">
          <p>
            {lostBy ?? "Otra persona"} quitó la fila en la que escribías. Tu texto no se perdió: «{[lost.row.item, lost.row.description, lost.row.amount].filter((v) => v.trim()).join(" — ")}».
          </p>
          <button type="button" className="button" onClick={restoreLost}>
            Recuperar la fila
          </button>{" "}
          <button type="button" className="button button--secondary" onClick={() => setLost(null)}>
            Descartar
          </button>
        </Notice>
      ) : null}
      {removed && !rowBack(removed.id) ? (
        <Notice tone="info" role="status">
          Quitaste la fila {removed.label}.{" "}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              undo.undo();
              setRemoved(null);
            }}
          >
            Deshacer
          </button>
        </Notice>
      ) : null}
      <TableScroll label="Tabla del presupuesto">
        <table>
          <colgroup>
            <col className="budget-editor__item" />
            <col className="budget-editor__description" />
            <col className="budget-editor__amount" />
            {readOnly ? null : <col className="budget-editor__actions" />}
          </colgroup>
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
              const map = mapOf(row.id);
              if (!map) return null;
              const seen = seenIds.get(row.id) ?? 0;
              seenIds.set(row.id, seen + 1);
              const invalid = row.amount.trim() !== "" && parseClpAmount(row.amount) === null;
              const errorId = `budget-amount-error-${index}`;
              const here = people.filter((p) => p.row === row.id);
              const cell = { row: map, readOnly, onFocus: () => enterRow(row.id), onBlur: leaveRow };
              return (
                <tr key={seen ? `${row.id}:${seen}` : row.id}>
                  <td>
                    <BudgetCell field="item" aria-label={`Ítem de la fila ${index + 1}`} {...cell} />
                    {here.length > 0 ? (
                      <span className="budget-editor__here">
                        {here.map((p) => (
                          <span key={p.clientId} style={{ borderColor: p.color }}>
                            {p.name} está en esta fila
                          </span>
                        ))}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <BudgetCell field="description" aria-label={`Descripción de la fila ${index + 1}`} {...cell} />
                  </td>
                  <td>
                    <BudgetCell
                      field="amount"
                      aria-label={`Monto de la fila ${index + 1}`}
                      inputMode="numeric"
                      aria-invalid={invalid || undefined}
                      aria-describedby={invalid ? errorId : undefined}
                      {...cell}
                    />
                    {invalid ? (
                      <span id={errorId} className="field__errors" role="alert">
                        No es un monto en pesos (usa solo números, por ejemplo 1.500.000).
                      </span>
                    ) : null}
                  </td>
                  {readOnly ? null : (
                    <td>
                      {confirming === row.id ? (
                        <span role="alertdialog" aria-label={`Confirmar quitar la fila ${index + 1}`}>
                          {here.map((p) => p.name).join(" y ")} {here.length > 1 ? "están" : "está"} en esta fila. ¿La quitas de todos modos?{" "}
                          <button type="button" className="button button--danger" onClick={() => remove(row, index)}>
                            Quitar de todos modos
                          </button>{" "}
                          <button type="button" className="button button--secondary" onClick={() => setConfirming(null)}>
                            Cancelar
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="button button--secondary" onClick={() => askRemove(row, index)}>
                          Quitar fila {index + 1}
                        </button>
                      )}
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
              <td className={total > maxBudget ? "field__errors" : undefined} aria-live="polite">
                {formatClp(total)} de {formatClp(maxBudget)}
              </td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      {readOnly ? null : (
        <button type="button" className="button button--secondary" onClick={() => appendBudgetRow(doc)}>
          Agregar ítem
        </button>
      )}
    </section>
  );
}
