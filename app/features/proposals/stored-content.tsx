import type { CallSection, ProposalContent } from "~/db/schema/proposals";
import { budgetTotal, parseClpAmount } from "~/editor/proposal-doc";
import type { PmJsonNode } from "~/editor/document-text";
import { RichText } from "./rich-text.tsx";
import { formatClp } from "./rules.ts";
import { TableScroll } from "~/components/table-scroll";

/**
 * A proposal's content read-only, in the call's section order with the budget
 * table: the frozen copy of a submitted proposal, a version, the print view,
 * and what the page shows before (or without) the live editor.
 */
export function StoredContent({ sections, content, headingLevel = 2 }: { sections: CallSection[]; content: ProposalContent; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  const rows = content.budget.filter((r) => r.item.trim() || r.description.trim() || r.amount.trim());
  const { total } = budgetTotal(rows);
  return (
    <div className="proposal-content">
      {sections.map((s) => {
        const derived = content.sections[s.key];
        return (
          <section key={s.key} aria-labelledby={`stored-${s.key}`}>
            <H id={`stored-${s.key}`}>{s.title}</H>
            {derived?.text ? <RichText json={derived.json as PmJsonNode} /> : <p className="muted">(sin contenido)</p>}
          </section>
        );
      })}
      <section aria-labelledby="stored-budget">
        <H id="stored-budget">Presupuesto</H>
        <TableScroll label="Listado del presupuesto">
          <table>
            <thead>
              <tr>
                <th scope="col">Ítem</th>
                <th scope="col">Descripción</th>
                <th scope="col">Monto (CLP)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const amount = parseClpAmount(r.amount);
                return (
                  <tr key={i}>
                    <td>{r.item}</td>
                    <td>{r.description}</td>
                    <td className="number">{amount === null ? `${r.amount} (no es un monto válido)` : formatClp(amount)}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="number">{formatClp(total)}</td>
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}
