/** Review workflow buttons, the comment timeline and attachments of the editor page. */
import { Form } from "@remix-run/react";
import { formatDateTime } from "~/utils/dates";
import { Notice } from "~/components/notice";

const KIND_LABELS: Record<string, string> = {
  comment: "comentó",
  submitted: "envió a revisión",
  returned: "devolvió con observaciones",
  published: "publicó",
  archived: "archivó",
};

export function WorkflowPanel({ can, error }: { can: Record<"submit" | "publish" | "return" | "archive" | "comment", boolean>; error?: string }) {
  if (!can.submit && !can.publish && !can.return && !can.archive && !can.comment) return null;
  return (
    <section aria-labelledby="workflow-title" className="card">
      <h2 id="workflow-title">Revisión y publicación</h2>
      {error ? (
        <Notice tone="error" role="alert">
          {error}
        </Notice>
      ) : null}
      <Form method="post" className="form">
        <div className="field">
          <label htmlFor="workflow-body">Comentario (opcional al enviar o publicar; necesario al devolver)</label>
          <textarea id="workflow-body" name="body" rows={3} maxLength={4000} />
        </div>
        <div className="actions">
          {can.comment ? (
            <button className="button button--secondary" type="submit" name="intent" value="comment">
              Comentar
            </button>
          ) : null}
          {can.submit ? (
            <button className="button" type="submit" name="intent" value="submit">
              Enviar a revisión
            </button>
          ) : null}
          {can.return ? (
            <button className="button button--secondary" type="submit" name="intent" value="return">
              Devolver con observaciones
            </button>
          ) : null}
          {can.publish ? (
            <button className="button" type="submit" name="intent" value="publish">
              Publicar
            </button>
          ) : null}
          {can.archive ? (
            <button className="button button--danger" type="submit" name="intent" value="archive">
              Archivar
            </button>
          ) : null}
        </div>
      </Form>
    </section>
  );
}

export function CommentTimeline({ comments }: { comments: { id: string; kind: string; body: string; authorName: string; createdAt: string }[] }) {
  if (!comments.length) return null;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Conversación de revisión</h2>
      <ol className="timeline">
        {comments.map((c) => (
          <li key={c.id}>
            <strong>{c.authorName || "Sistema"}</strong> {KIND_LABELS[c.kind] ?? c.kind} · <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
            {c.body ? <p style={{ whiteSpace: "pre-wrap", margin: "0.25rem 0 0" }}>{c.body}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function AttachmentsPanel({ slug, attachments, canAttach, error }: { slug: string; attachments: { id: string; filename: string; size: number }[]; canAttach: boolean; error?: string }) {
  return (
    <section aria-labelledby="attachments-title" className="card">
      <h2 id="attachments-title">Archivos adjuntos</h2>
      {attachments.length === 0 ? <p className="muted">Sin archivos.</p> : null}
      <ul>
        {attachments.map((a) => (
          <li key={a.id}>
            <a href={`/buenas-practicas/${slug}/adjuntos/${a.id}`}>{a.filename}</a> ({(a.size / 1024).toLocaleString("es-CL", { maximumFractionDigits: 0 })} KB)
            {canAttach ? (
              <Form method="post" style={{ display: "inline" }}>
                <input type="hidden" name="attachmentId" value={a.id} />
                <button className="button button--ghost" type="submit" name="intent" value="delete-attachment" aria-label={`Quitar ${a.filename}`}>
                  Quitar
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canAttach ? (
        <Form method="post" encType="multipart/form-data" className="inline-form">
          <div className="field">
            <label htmlFor="attachment">Agregar PDF o imagen (máximo 10 MB)</label>
            <input id="attachment" name="attachment" type="file" accept="application/pdf,image/png,image/jpeg,image/webp,image/gif" required aria-describedby={error ? "attachment-error" : undefined} />
          </div>
          <button className="button button--secondary" type="submit" name="intent" value="attach">
            Subir archivo
          </button>
          {error ? (
            <p id="attachment-error" className="field__errors" role="alert">
              {error}
            </p>
          ) : null}
        </Form>
      ) : null}
    </section>
  );
}
