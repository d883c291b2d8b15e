import type { CallRules, CallSection, ProposalContent } from "~/db/schema/proposals";
import { budgetTotal } from "~/editor/proposal-doc";

/*
 * The call's rules (bases) checked by the portal. Pure: the browser runs it on
 * the live Y.Doc for the rules panel, the server runs it on the stored state
 * when someone submits. Each problem is a sentence in plain Spanish saying
 * what to fix.
 */

export interface RulesInput {
  call: { sections: CallSection[]; maxBudget: number; rules: CallRules; requiredAttachments?: string[] };
  themeSlug: string;
  content: ProposalContent;
  /** Theme of the network's application to the previous year's call, if there was one. */
  previousYearTheme: { themeSlug: string; themeLabel: string; callName: string } | null;
  /** Which of the call's required attachments have a file (their names); none when omitted. */
  attachedRequirements?: readonly string[];
}

export type RuleCode = "call-closed" | "section-empty" | "section-too-long" | "budget-empty" | "budget-invalid-amount" | "budget-over-maximum" | "same-theme-as-previous-year" | "attachment-missing";

export interface RuleProblem {
  code: RuleCode;
  /** The section the problem is in, when there is one (to link the panel to the editor). */
  sectionKey?: string;
  message: string;
}

const clp = new Intl.NumberFormat("es-CL", { style: "currency", currency: "CLP", maximumFractionDigits: 0 });
export const formatClp = (amount: number) => clp.format(amount);
const number = new Intl.NumberFormat("es-CL");

export function checkProposalRules(input: RulesInput): RuleProblem[] {
  const { call, content } = input;
  const problems: RuleProblem[] = [];
  for (const section of call.sections) {
    const derived = content.sections[section.key];
    const characters = derived?.characters ?? 0;
    if (call.rules.requiredSections && section.required && characters === 0) {
      problems.push({ code: "section-empty", sectionKey: section.key, message: `Falta escribir la sección «${section.title}».` });
    }
    if (call.rules.characterLimits && section.maxCharacters > 0 && characters > section.maxCharacters) {
      problems.push({
        code: "section-too-long",
        sectionKey: section.key,
        message: `La sección «${section.title}» tiene ${number.format(characters)} caracteres; el máximo es ${number.format(section.maxCharacters)}. Acorta ${number.format(characters - section.maxCharacters)}.`,
      });
    }
  }
  if (call.rules.budgetWithinMaximum) {
    const { total, invalidRows } = budgetTotal(content.budget);
    const filledRows = content.budget.filter((r) => r.item.trim() || r.amount.trim() || r.description.trim()).length;
    if (filledRows === 0) problems.push({ code: "budget-empty", message: "Falta el presupuesto: agrega al menos un ítem con su monto." });
    for (const index of invalidRows) {
      const row = content.budget[index];
      problems.push({
        code: "budget-invalid-amount",
        message: `El monto del ítem ${index + 1}${row.item.trim() ? ` («${row.item.trim()}»)` : ""} no es un número en pesos: «${row.amount}».`,
      });
    }
    if (total > call.maxBudget) {
      problems.push({
        code: "budget-over-maximum",
        message: `El presupuesto suma ${formatClp(total)} y el máximo de la convocatoria es ${formatClp(call.maxBudget)}. Reduce ${formatClp(total - call.maxBudget)}.`,
      });
    }
  }
  if (call.rules.noRepeatedThemeFromPreviousYear && input.previousYearTheme && input.previousYearTheme.themeSlug === input.themeSlug) {
    problems.push({
      code: "same-theme-as-previous-year",
      message: `La red ya postuló con el tema «${input.previousYearTheme.themeLabel}» a «${input.previousYearTheme.callName}» el año anterior: las bases no permiten repetir el tema en años seguidos. Cambia el tema de la propuesta.`,
    });
  }
  const attached = new Set(input.attachedRequirements ?? []);
  for (const name of call.requiredAttachments ?? []) {
    if (!attached.has(name)) problems.push({ code: "attachment-missing", message: `Falta el adjunto obligatorio «${name}».` });
  }
  return problems;
}
