import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor, notFound } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { readAttachment } from "~/features/practices/attachments.server";
import { findReadablePractice } from "~/features/practices/practices.server";
import { uploadedFileResponse } from "~/utils/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const practice = await findReadablePractice(db, await getActor(request), params.slug ?? "");
  if (!practice) throw notFound();
  const file = await readAttachment(db, practice.id, params.attachmentId ?? "");
  if (!file) throw notFound("No encontramos ese archivo.");
  return uploadedFileResponse(file.file, file.row);
}
