import { useSyncExternalStore } from "react";
import type { CallRules, CallSection, ProposalContent } from "~/db/schema/proposals";
import { getLiveContent, getServerLiveContent, subscribeLiveContent } from "./live-state.ts";
import { checkProposalRules, type RuleProblem, type RulesInput } from "./rules.ts";
import { Notice } from "~/components/notice";

/**
 * What still blocks submission, in plain Spanish. Server-rendered from the
 * stored content; once the editor runs, recomputed from the live document.
 */
export function RulesPanel({
  call,
  themeSlug,
  storedProblems,
  previousYearTheme,
  attachedRequirements,
}: {
  call: { sections: CallSection[]; maxBudget: number; rules: CallRules; requiredAttachments?: string[] };
  themeSlug: string;
  storedProblems: RuleProblem[];
  previousYearTheme: RulesInput["previousYearTheme"];
  attachedRequirements: string[];
}) {
  const live: ProposalContent | null = useSyncExternalStore(subscribeLiveContent, getLiveContent, getServerLiveContent);
  const problems = live ? checkProposalRules({ call, themeSlug, content: live, previousYearTheme, attachedRequirements }) : storedProblems;
  return (
    <section aria-labelledby="rules-title" className="card">
      <h2 id="rules-title">Revisión de bases</h2>
      <div aria-live="polite">
        {problems.length === 0 ? (
          <Notice tone="ok">La propuesta cumple todas las reglas que revisa el portal.</Notice>
        ) : (
          <>
            <p>
              {problems.length === 1 ? "Falta resolver 1 punto" : `Faltan resolver ${problems.length} puntos`} antes de enviar:
            </p>
            <ul>
              {problems.map((p, i) => (
                <li key={`${p.code}-${i}`}>{p.sectionKey ? <a href={`#seccion-${p.sectionKey}`}>{p.message}</a> : p.message}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
