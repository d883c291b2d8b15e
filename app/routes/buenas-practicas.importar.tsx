import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { importPracticeDocument } from "~/features/practices/import.server";
import { MAX_PRACTICE_DOCUMENT_BYTES, PracticeDocumentError } from "~/features/practices/import/read-document.server";
import { addPracticeComment, authorOf, findReadablePractice, practiceResource } from "~/features/practices/practices.server";
import { setImportedPracticeRegion } from "~/features/practices/import.server";
import { can } from "~/permissions/permissions";
import { Notice } from "~/components/notice";

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
    return json({ error: "El archivo supera el máximo de 10 MB. Quita imágenes o divide el documento." }, { status: 413 });
  }
  const form = await request.formData();
  const db = getDb();
  // The answer to "¿de qué región es?" when the text pointed to several.
  if (form.get("intent") === "region") {
    const slug = String(form.get("slug") ?? "");
    const practice = await findReadablePractice(db, actor, slug);
    if (!practice || !can(actor, "update", practiceResource(practice))) throw new Response("No encontrado", { status: 404 });
    const regionCode = String(form.get("region") ?? "");
    await setImportedPracticeRegion(db, authorOf(actor), practice, /^\d{2}$/.test(regionCode) ? regionCode : null);
    return redirect(`/buenas-practicas/${practice.slug}/editar?importada=1`);
  }
  const file = form.get("document");
  if (!(file instanceof File) || file.size === 0) return json({ error: "Elige un archivo .docx, .md o .txt." }, { status: 400 });
  try {
    const { practice, warnings, inferences, duplicates, regionChoices, action } = await importPracticeDocument(
      db,
      authorOf(actor),
      { organizationId: actor.organizationId, organizationKind: actor.organizationKind, regionCode: actor.regionCode },
      new Uint8Array(await file.arrayBuffer()),
      file.name,
      { reader: actor },
    );
    // The warnings stay with the draft, in its review conversation, for the author and the reviewer.
    if (warnings.length) {
      await addPracticeComment(db, { id: null, name: "Importador de documentos" }, practice.id, `Avisos al importar «${file.name}»:\n${warnings.map((w) => `- ${w}`).join("\n")}`);
    }
    // What was read from the text and why, possible duplicates and, when unsure, the question: shown before editing.
    return json({
      imported: { slug: practice.slug, title: practice.title, action, fileName: file.name },
      inferences,
      duplicates,
      regionChoices,
      regionCode: practice.regionCode,
      warnings,
    });
  } catch (error) {
    if (error instanceof PracticeDocumentError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}

function ImportSummary({ data }: { data: Extract<ReturnType<typeof useActionData<typeof action>>, { imported: unknown }> }) {
  const { imported, inferences, duplicates, regionChoices, regionCode, warnings } = data;
  return (
    <section aria-labelledby="import-summary" className="import-summary">
      <h2 id="import-summary">{imported.action === "created" ? "Borrador creado" : "Práctica actualizada"}: {imported.title}</h2>
      {duplicates.length ? (
        <Notice tone="warning" role="alert">
          <p>
            <strong>Posible duplicado.</strong> Ya existe:
          </p>
          <ul>
            {duplicates.map((d) => (
              <li key={d.slug}>
                <Link to={`/buenas-practicas/${d.slug}`}>{d.title}</Link> ({d.reason})
              </li>
            ))}
          </ul>
          <p>Revisa si es la misma práctica; si lo es, puedes archivar este borrador.</p>
        </Notice>
      ) : null}
      {inferences.length ? (
        <>
          <h3>Lo que leímos en el documento</h3>
          <dl className="import-inferences">
            {inferences.map((i) => (
              <div key={i.field}>
                <dt>{i.label}</dt>
                <dd>
                  <strong>{i.value}</strong>
                  {i.unsure ? " (no estamos seguros)" : ""}. <span className="muted">{i.reason}</span>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {regionChoices.length ? (
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="region" />
          <input type="hidden" name="slug" value={imported.slug} />
          <fieldset>
            <legend>¿De qué región es esta práctica?</legend>
            {regionChoices.map((r) => (
              <label key={r.code}>
                <input type="radio" name="region" value={r.code} defaultChecked={r.code === regionCode} /> {r.name}
              </label>
            ))}
            <label>
              <input type="radio" name="region" value="" /> Sin región por ahora
            </label>
          </fieldset>
          <button className="button" type="submit">
            Confirmar región y editar
          </button>
        </Form>
      ) : null}
      {warnings.length ? (
        <>
          <h3>Avisos</h3>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="actions">
        <Link className="button" to={`/buenas-practicas/${imported.slug}/editar?importada=1`}>
          Revisar y editar el borrador
        </Link>
      </p>
    </section>
  );
}

export default function ImportPracticePage() {
  const data = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (data && "imported" in data) {
    return (
      <div className="page narrow">
        <h1>Importar una buena práctica</h1>
        <ImportSummary data={data} />
        <p>
          <Link to="/buenas-practicas/importar" reloadDocument>
            Importar otro documento
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>Importar una buena práctica</h1>
      <p>
        Sube el documento escrito con la plantilla «Documentación Buenas Prácticas» (Word .docx, Markdown .md o texto .txt, hasta 10 MB).
        Crearemos un <strong>borrador</strong> con cada sección en su lugar; nada se publica sin revisión. El texto que no podamos ubicar
        quedará en «Sin clasificar» para que lo muevas.
      </p>
      <Form method="post" encType="multipart/form-data" className="form">
        {data && "error" in data ? (
          <Notice tone="error" role="alert" id="document-error">
            {data.error}
          </Notice>
        ) : null}
        <div className="field">
          <label htmlFor="document">Documento</label>
          <input
            id="document"
            name="document"
            type="file"
            required
            accept=".docx,.md,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown,text/plain"
            aria-describedby={data && "error" in data ? "document-error" : undefined}
          />
        </div>
        <button className="button" type="submit" disabled={busy}>
          {busy ? "Importando…" : "Importar"}
        </button>
      </Form>
    </div>
  );
}
