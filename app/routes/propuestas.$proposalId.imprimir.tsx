import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import type { ProposalContent } from "~/db/schema/proposals";
import { exportInput } from "~/features/proposals/export-data.server";
import { findReadableProposal, proposalResource, recordProposalExport } from "~/features/proposals/proposals.server";
import { StoredContent } from "~/features/proposals/stored-content";
import styles from "~/features/proposals/proposals.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Propuesta"} · versión para imprimir` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const readable = await findReadableProposal(db, actor, params.proposalId ?? "");
  if (!readable) throw notFound("No encontramos esa propuesta, o no tienes acceso a ella.");
  requirePermission(actor, "export", proposalResource(readable.proposal, readable.network.regionCode));
  await recordProposalExport(db, readable, actor, "impresión");
  return json({ ...(await exportInput(db, readable)), id: readable.proposal.id });
}

/** Print view (the browser's "Guardar como PDF" makes the PDF). */
export default function PrintProposal() {
  const data = useLoaderData<typeof loader>();
  return (
    <article className="print-view">
      <p className="no-print">
        <Link to={`/propuestas/${data.id}`}>Volver a la propuesta</Link> · Usa «Imprimir» de tu navegador y elige «Guardar como PDF» para obtener el PDF.
      </p>
      <h1>{data.title}</h1>
      <dl>
        <dt>Convocatoria</dt>
        <dd>{data.callName}</dd>
        <dt>Red</dt>
        <dd>{data.networkName}</dd>
        <dt>Tema</dt>
        <dd>{data.themeLabel}</dd>
        <dt>OMIL responsables</dt>
        <dd>{data.responsibleOffices.join(", ")}</dd>
        <dt>Estado</dt>
        <dd>{data.statusLabel}</dd>
      </dl>
      {data.note ? <p className="muted">{data.note}</p> : null}
      <StoredContent sections={data.sections} content={data.content as ProposalContent} />
      <h2>Documentos adjuntos</h2>
      {data.attachments?.length ? (
        <ul>
          {data.attachments.map((a, i) => (
            <li key={`${a.filename}-${i}`}>
              <strong>{a.requirement}:</strong> {a.filename}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Sin documentos adjuntos.</p>
      )}
    </article>
  );
}
