import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { importPracticeDocument } from "~/features/practices/import.server";
import { MAX_PRACTICE_DOCUMENT_BYTES, PracticeDocumentError } from "~/features/practices/import/read-document.server";
import { addPracticeComment, authorOf } from "~/features/practices/practices.server";

export const meta: MetaFunction = () => [{ title: "Importar buena práctica · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "import", { type: "practice_library" });
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "import", { type: "practice_library" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_PRACTICE_DOCUMENT_BYTES + 1024 * 1024) {
    return json({ error: "El archivo supera el máximo de 10 MB. Quite imágenes o divida el documento." }, { status: 413 });
  }
  const file = (await request.formData()).get("document");
  if (!(file instanceof File) || file.size === 0) return json({ error: "Elija un archivo .docx, .md o .txt." }, { status: 400 });
  const db = getDb();
  try {
    const { practice, warnings } = await importPracticeDocument(
      db,
      authorOf(actor),
      { organizationId: actor.organizationId, organizationKind: actor.organizationKind, regionCode: actor.regionCode },
      new Uint8Array(await file.arrayBuffer()),
      file.name,
    );
    // The warnings stay with the draft, in its review conversation, for the author and the reviewer.
    if (warnings.length) {
      await addPracticeComment(db, { id: null, name: "Importador de documentos" }, practice.id, `Avisos al importar «${file.name}»:\n${warnings.map((w) => `- ${w}`).join("\n")}`);
    }
    return redirect(`/buenas-practicas/${practice.slug}/editar?importada=1`);
  } catch (error) {
    if (error instanceof PracticeDocumentError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}

export default function ImportPracticePage() {
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>Importar una buena práctica</h1>
      <p>
        Suba el documento escrito con la plantilla «Documentación Buenas Prácticas» (Word .docx, Markdown .md o texto .txt, hasta 10 MB).
        Crearemos un <strong>borrador</strong> con cada sección en su lugar; nada se publica sin revisión. El texto que no podamos ubicar
        quedará en «Sin clasificar» para que lo mueva.
      </p>
      <Form method="post" encType="multipart/form-data" className="form">
        {data?.error ? (
          <p className="alert alert--error" role="alert" id="document-error">
            {data.error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="document">Documento</label>
          <input
            id="document"
            name="document"
            type="file"
            required
            accept=".docx,.md,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown,text/plain"
            aria-describedby={data?.error ? "document-error" : undefined}
          />
        </div>
        <button className="button" type="submit" disabled={busy}>
          {busy ? "Importando…" : "Importar"}
        </button>
      </Form>
    </div>
  );
}
