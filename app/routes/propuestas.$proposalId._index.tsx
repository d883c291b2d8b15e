import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { ExportLink } from "~/collab/export-link";
import { AttachmentsPanel } from "~/features/proposals/attachments-panel";
import { CommentsPanel } from "~/features/proposals/comments-panel";
import { Countdown } from "~/features/proposals/countdown";
import { LiveEditor } from "~/features/proposals/live-editor";
import { proposalPageAction } from "~/features/proposals/page-actions.server";
import { proposalPageData } from "~/features/proposals/page.server";
import { findReadableProposal } from "~/features/proposals/proposals.server";
import { RulesPanel } from "~/features/proposals/rules-panel";
import { DetailsForm, StatusActions } from "~/features/proposals/status-actions";
import { StoredContent } from "~/features/proposals/stored-content";
import { VersionsPanel } from "~/features/proposals/versions-panel";
import { formatDateTime } from "~/utils/dates";
import type { ProposalContent } from "~/db/schema/proposals";
import styles from "~/features/proposals/proposals.css";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.proposal.title ?? "Propuesta"} · Red OMIL` }];

async function readableOr404(request: Request, id: string | undefined) {
  const actor = await requireActor(request);
  const readable = await findReadableProposal(getDb(), actor, id ?? "");
  if (!readable) throw notFound("No encontramos esa propuesta, o no tienes acceso a ella.");
  return { actor, readable };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, readable } = await readableOr404(request, params.proposalId);
  return json(await proposalPageData(actor, readable));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, readable } = await readableOr404(request, params.proposalId);
  return proposalPageAction(request, actor, readable);
}


export default function ProposalPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { proposal, call, network, submitted, permissions } = data;
  return (
    <>
      <p className="muted">
        <Link to="/propuestas">Propuestas</Link> · <Link to={`/convocatorias/${call.id}`}>{call.name}</Link>
      </p>
      <h1>{proposal.title}</h1>
      <p>
        <Badge>{proposal.statusLabel}</Badge> {network.name} · Tema: {proposal.themeLabel} · OMIL responsables: {proposal.responsible.join(", ") || "sin definir"}
      </p>
      {submitted ? (
        <Notice tone="info">
          Propuesta enviada el {proposal.submittedAt ? formatDateTime(proposal.submittedAt) : ""}. Esta es la copia congelada: ya nadie puede editarla.
        </Notice>
      ) : (
        <Countdown closesAt={call.closesAt} />
      )}
      <p>
        <ExportLink href={`/propuestas/${proposal.id}/imprimir`}>Vista para imprimir o guardar en PDF</ExportLink> ·{" "}
        <ExportLink href={`/propuestas/${proposal.id}/docx`} download>
          Descargar en Word (DOCX)
        </ExportLink>
      </p>
      <div className={submitted ? undefined : "proposal-layout"}>
        <div className="proposal-layout__main">
          <StatusActions data={data} actionData={actionData} />
          {permissions.edit ? <DetailsForm data={data} actionData={actionData} /> : null}
          {submitted ? <StoredContent sections={call.sections} content={data.content as ProposalContent} /> : <LiveEditor data={data} />}
          <AttachmentsPanel data={data} actionData={actionData} />
          <VersionsPanel data={data} actionData={actionData} />
          <CommentsPanel data={data} actionData={actionData} />
        </div>
        {!submitted ? (
          // Who is here and what still blocks submission stay in view while writing (sticky on wide screens).
          <aside className="proposal-layout__side" aria-label="Presencia y revisión de bases">
            <div id="proposal-presence" />
            <RulesPanel call={call} themeSlug={proposal.themeSlug} storedProblems={data.problems} previousYearTheme={data.previousYearTheme} attachedRequirements={data.attachedRequirements} />
          </aside>
        ) : null}
      </div>
    </>
  );
}
