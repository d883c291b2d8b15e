import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor, notFound } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { practiceToDocx } from "~/features/practices/docx.server";
import { findReadablePractice } from "~/features/practices/practices.server";
import { practiceView } from "~/features/practices/view.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const row = await findReadablePractice(db, await getActor(request), params.slug ?? "");
  if (!row) throw notFound("No encontramos esa buena práctica.");
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
