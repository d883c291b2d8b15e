import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor, notFound } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { readAttachment } from "~/features/practices/attachments.server";
import { findReadablePractice } from "~/features/practices/practices.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const practice = await findReadablePractice(db, await getActor(request), params.slug ?? "");
  if (!practice) throw notFound();
  const file = await readAttachment(db, practice.id, params.attachmentId ?? "");
  if (!file) throw notFound("No encontramos ese archivo.");
  const inline = file.row.contentType === "application/pdf" || file.row.contentType.startsWith("image/");
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      // The type was sniffed from the content at upload; nosniff keeps browsers from guessing otherwise.
      "Content-Type": file.row.contentType,
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.row.filename)}`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
