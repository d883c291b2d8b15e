import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/auth/session.server";
import { requireNetworkGoal } from "~/features/goals/access.server";
import { entryResource, findGoalEntry } from "~/features/goals/goals.server";
import { openUpload } from "~/features/uploads/stored-files.server";
import { uploadedFileResponse } from "~/utils/uploads.server";

/** Serves an entry's evidence file to those who may read the network; always as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, goal } = await requireNetworkGoal(request, params.networkId, params.goalId);
  const entry = await findGoalEntry(db, goal, params.entryId ?? "");
  if (!entry) throw notFound("No encontramos ese archivo.");
  requirePermission(actor, "read", entryResource(network, entry));
  const file = await openUpload(db, { fileId: entry.fileId, legacyPath: entry.filePath });
  if (!file) throw notFound("No encontramos ese archivo.");
  // Evidence is part of the official record: always downloaded, never cached.
  return uploadedFileResponse(file, { contentType: entry.fileMime ?? "application/octet-stream", filename: entry.fileName ?? "respaldo" }, { cacheControl: "private, no-store", download: true });
}
