import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import type { ProposalContent } from "~/db/schema/proposals";
import { diffLines } from "~/utils/text-diff";
import { contentOf, loadProposalDoc, proposalDocumentName } from "~/features/proposals/document.server";
import { findReadableProposal, findVersion, proposalResource, recordVersionRestored } from "~/features/proposals/proposals.server";
import { StoredContent } from "~/features/proposals/stored-content";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import styles from "~/features/proposals/proposals.css";

const RestoreVersionButton = lazy(() => import("~/features/proposals/editor/restore-version.client"));

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.version.name ?? "Versión"} · Red OMIL` }];

/** The version of a proposal the person may read, or 404 (a foreign proposal or version is not found, not forbidden). */
async function readableVersion(request: Request, params: LoaderFunctionArgs["params"]) {
  const actor = await requireActor(request);
  const db = getDb();
  const readable = await findReadableProposal(db, actor, params.proposalId ?? "");
  if (!readable) throw notFound("No encontramos esa propuesta, o no tienes acceso a ella.");
  const version = await findVersion(db, readable.proposal.id, params.versionId ?? "");
  if (!version) throw notFound("No encontramos esa versión.");
  return { actor, db, readable, version };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, readable, version } = await readableVersion(request, params);
  const current = contentOf(await loadProposalDoc(db, readable.proposal.id), readable.call.sections);
  const sections = readable.call.sections;
  return json({
    proposal: { id: readable.proposal.id, title: readable.proposal.title },
    version: { name: version.name, createdAt: version.createdAt.toISOString(), content: version.content },
    sections,
    comparison: sections.map((s) => ({ key: s.key, title: s.title, lines: diffLines(version.content.sections[s.key]?.text ?? "", current.sections[s.key]?.text ?? "") })),
    canRestore: can(actor, "edit", proposalResource(readable.proposal, readable.network.regionCode)),
    documentName: proposalDocumentName(readable.proposal.id),
  });
}

/** The restore itself is a live edit (collab server); once it is acknowledged, the button records it here. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, readable, version } = await readableVersion(request, params);
  requirePermission(actor, "edit", proposalResource(readable.proposal, readable.network.regionCode));
  if ((await request.formData()).get("intent") !== "restored") throw new Response("Acción desconocida.", { status: 400 });
  await recordVersionRestored(db, readable, version, actor);
  return json({ restored: true });
}

export default function VersionPage() {
  const data = useLoaderData<typeof loader>();
  const mounted = useHydrated();
  const back = `/propuestas/${data.proposal.id}`;
  return (
    <>
      <p className="muted">
        <Link to={back}>{data.proposal.title}</Link> · Versiones
      </p>
      <h1>{data.version.name}</h1>
      <p className="muted">Guardada el {formatDateTime(data.version.createdAt)}. Vista de solo lectura.</p>
      {data.canRestore && mounted ? (
        <Suspense fallback={null}>
          <RestoreVersionButton documentName={data.documentName} sections={data.sections} content={data.version.content as ProposalContent} returnTo={back} />
        </Suspense>
      ) : null}
      <details open>
        <summary>Comparar con el texto actual</summary>
        {data.comparison.map((section) => (
          <section key={section.key} aria-labelledby={`diff-${section.key}`}>
            <h2 id={`diff-${section.key}`}>{section.title}</h2>
            {section.lines.every((l) => l.kind === "same") ? <p className="muted">Sin cambios.</p> : null}
            <div className="diff">
              {section.lines.map((line, i) =>
                line.kind === "same" ? (
                  <p key={i}>{line.text}</p>
                ) : line.kind === "added" ? (
                  <ins key={i} className="diff__added">
                    <span className="visually-hidden">Agregado ahora: </span>
                    {line.text}
                  </ins>
                ) : (
                  <del key={i} className="diff__removed">
                    <span className="visually-hidden">Estaba en la versión: </span>
                    {line.text}
                  </del>
                ),
              )}
            </div>
          </section>
        ))}
      </details>
      <h2>Contenido de la versión</h2>
      <StoredContent sections={data.sections} content={data.version.content as ProposalContent} headingLevel={3} />
    </>
  );
}
