import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { readProposalAttachment } from "~/features/proposals/attachments.server";
import { findReadableProposal } from "~/features/proposals/proposals.server";
import { uploadedFileResponse } from "~/utils/uploads.server";

/** Downloads one attachment of a proposal the actor may read (network members, the region's DR, Nivel Central). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const readable = await findReadableProposal(db, await requireActor(request), params.proposalId ?? "");
  if (!readable) throw notFound("No encontramos esa propuesta, o no tienes acceso a ella.");
  const file = await readProposalAttachment(db, readable.proposal.id, params.attachmentId ?? "");
  if (!file) throw notFound("No encontramos ese archivo.");
  return uploadedFileResponse(file.file, file.row);
}
