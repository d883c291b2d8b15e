import { lazy, Suspense } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import type { ProposalContent } from "~/db/schema/proposals";
import type { ProposalPageData } from "./page-types.ts";
import { StoredContent } from "./stored-content.tsx";

const ProposalEditor = lazy(() => import("./editor/proposal-editor.client.tsx"));

/**
 * The real-time editor runs only in the browser (TipTap, Yjs, IndexedDB).
 * Until it loads, and without JavaScript, the page shows the last stored text.
 */
export function LiveEditor({ data }: { data: ProposalPageData }) {
  const mounted = useHydrated();
  const fallback = (
    <>
      <p className="muted">Cargando el editor colaborativo… (se necesita JavaScript para editar)</p>
      <StoredContent sections={data.call.sections} content={data.content as ProposalContent} />
    </>
  );
  if (!mounted) return fallback;
  return (
    <Suspense fallback={fallback}>
      <ProposalEditor
        documentName={data.collab.documentName}
        sections={data.call.sections}
        user={data.collab.user}
        readOnly={data.collab.readOnly}
        maxBudget={data.call.maxBudget}
        threads={data.threads.filter((t) => !t.resolved).map((t) => ({ id: t.id, sectionKey: t.sectionKey, start: t.anchorStart, end: t.anchorEnd }))}
      />
    </Suspense>
  );
}
