import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor, notFound } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { practiceToDocx } from "~/features/practices/docx.server";
import { findReadablePractice, recordPracticeExport } from "~/features/practices/practices.server";
import { practiceView } from "~/features/practices/view.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const actor = await getActor(request);
  const row = await findReadablePractice(db, actor, params.slug ?? "");
  if (!row) throw notFound("No encontramos esa buena práctica.");
  if (actor) await recordPracticeExport(db, row, actor, "docx");
  const view = await practiceView(db, row);
  const buffer = await practiceToDocx({ ...view, sections: view.text, url: `${getEnv().baseUrl}/buenas-practicas/${view.slug}` });
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="${view.slug}.docx"`,
      "Cache-Control": "private, max-age=60",
    },
  });
}
