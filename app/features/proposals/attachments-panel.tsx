import { Form } from "@remix-run/react";
import { ErrorList, FormErrors } from "~/components/forms";
import { formatDateTime } from "~/utils/dates";
import { resultFor, type ProposalActionData, type ProposalPageData } from "./page-types.ts";

const OTHER = "otro";
const sizeLabel = (bytes: number) =>
  bytes >= 1048576 ? `${(bytes / 1048576).toLocaleString("es-CL", { maximumFractionDigits: 1 })} MB` : `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("es-CL")} KB`;

/**
 * The call's required documents and the files attached to the proposal. A plain
 * multipart form (works without JavaScript); frozen once the proposal is submitted.
 */
export function AttachmentsPanel({ data, actionData }: { data: ProposalPageData; actionData: ProposalActionData }) {
  const { call, attachments, permissions, proposal } = data;
  const result = resultFor(actionData, "attach", "remove-attachment");
  const errors = result && "error" in result ? (result.error as Record<string, string[] | null> | undefined) : undefined;
  const attached = new Set(data.attachedRequirements);
  return (
    <section id="adjuntos" aria-labelledby="attachments-title" className="card">
      <h2 id="attachments-title">Documentos adjuntos</h2>
      {call.requiredAttachments.length ? (
        <>
          <p>La convocatoria pide adjuntar:</p>
          <ul>
            {call.requiredAttachments.map((name) => (
              <li key={name}>
                {name} — {attached.has(name) ? <strong>adjuntado</strong> : <span className="muted">falta</span>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">La convocatoria no pide documentos obligatorios.</p>
      )}
      {attachments.length === 0 ? (
        <p className="muted">Aún no hay archivos adjuntos.</p>
      ) : (
        <ul>
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={`/propuestas/${proposal.id}/adjuntos/${a.id}`}>{a.filename}</a>{" "}
              <span className="muted">
                · {a.requirementLabel} · {sizeLabel(a.size)} · {formatDateTime(a.uploadedAt)}
              </span>
              {permissions.attach ? (
                <Form method="post" className="inline-form" style={{ display: "inline" }}>
                  <input type="hidden" name="intent" value="remove-attachment" />
                  <input type="hidden" name="attachmentId" value={a.id} />{" "}
                  <button className="button button--secondary" type="submit" aria-label={`Quitar ${a.filename}`}>
                    Quitar
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {permissions.attach ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="intent" value="attach" />
          <FormErrors errors={errors?.[""] ?? undefined} />
          <div className="field">
            <label htmlFor="attachment-requirement">Documento</label>
            <select id="attachment-requirement" name="requirement" defaultValue={call.requiredAttachments.find((n) => !attached.has(n)) ?? OTHER}>
              {call.requiredAttachments.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
              <option value={OTHER}>Otro documento</option>
            </select>
            <ErrorList errors={errors?.requirement ?? undefined} />
          </div>
          <div className="field">
            <label htmlFor="attachment-file">Archivo</label>
            <input id="attachment-file" type="file" name="attachment" required accept=".pdf,.png,.jpg,.jpeg,.webp,.gif,.docx,.xlsx" aria-describedby="attachment-hint" />
            <p id="attachment-hint" className="muted">
              PDF, imagen (PNG, JPEG, WebP o GIF), Word (DOCX) o Excel (XLSX), hasta 10 MB. Se revisa el contenido del archivo, no solo su nombre.
            </p>
            <ErrorList errors={errors?.attachment ?? undefined} />
          </div>
          <button className="button" type="submit">
            Adjuntar
          </button>
        </Form>
      ) : data.submitted ? (
        <p className="muted">La propuesta ya fue enviada: sus adjuntos no se pueden cambiar.</p>
      ) : null}
    </section>
  );
}
