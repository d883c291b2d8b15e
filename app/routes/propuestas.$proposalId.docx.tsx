import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { exportInput } from "~/features/proposals/export-data.server";
import { proposalDocx } from "~/features/proposals/export.server";
import { findReadableProposal, proposalResource, recordProposalExport } from "~/features/proposals/proposals.server";

/** The application as a Word file, in the call's section order with the budget table. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const readable = await findReadableProposal(db, actor, params.proposalId ?? "");
  if (!readable) throw notFound("No encontramos esa propuesta, o no tienes acceso a ella.");
  requirePermission(actor, "export", proposalResource(readable.proposal, readable.network.regionCode));
  await recordProposalExport(db, readable, actor, "docx");
  const buffer = await proposalDocx(await exportInput(db, readable));
  const filename = `propuesta-${readable.proposal.title.normalize("NFD").replace(/[^\w\s-]/g, "").trim().replace(/\s+/g, "-").toLowerCase().slice(0, 60) || "red-omil"}.docx`;
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
