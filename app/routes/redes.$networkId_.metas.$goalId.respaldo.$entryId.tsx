import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/session.server";
import { requireNetworkGoal } from "~/features/goals/access.server";
import { readEvidence } from "~/features/goals/evidence.server";
import { entryResource, findGoalEntry } from "~/features/goals/goals.server";
import { uploadedFileResponse } from "~/utils/uploads.server";

/** Serves an entry's evidence file to those who may read the network; always as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, goal } = await requireNetworkGoal(request, params.networkId, params.goalId);
  const entry = await findGoalEntry(db, goal, params.entryId ?? "");
  if (!entry?.filePath) throw notFound("No encontramos ese archivo.");
  requirePermission(actor, "read", entryResource(network, entry));
  const bytes = await readEvidence(entry.filePath);
  // Evidence is part of the official record: always downloaded, never cached.
  return uploadedFileResponse(bytes, { contentType: entry.fileMime ?? "application/octet-stream", filename: entry.fileName ?? "respaldo" }, { cacheControl: "private, no-store", download: true });
}
