import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useEffect, useState, useSyncExternalStore, type MouseEvent } from "react";
import { FormErrors, SelectField } from "~/components/forms";
import { formatDateTime } from "~/utils/dates";
import { CheckboxGroup } from "./checkbox-group.tsx";
import { getCommentAnchor, getServerCommentAnchor, setCommentAnchor, subscribeCommentAnchor } from "./comment-anchor.ts";
import { MentionTextarea, type MentionOption } from "./mention-textarea.tsx";
import { resultFor, type ProposalActionData, type ProposalPageData } from "./page-types.ts";
import { NewThreadSchema, ReplySchema } from "./schema.ts";
import { focusThread } from "./thread-focus.ts";
import { Notice } from "~/components/notice";

type Thread = ProposalPageData["threads"][number];

const mentionOptions = (data: ProposalPageData): MentionOption[] => data.people.map((p) => ({ id: p.value, name: p.name, email: p.email, organizationName: p.organizationName }));

/** Comment threads anchored to a selected passage of a section; replies, resolve and reopen, mentions. */
export function CommentsPanel({ data, actionData }: { data: ProposalPageData; actionData: ProposalActionData }) {
  const titles = new Map(data.call.sections.map((s) => [s.key, s.title]));
  const open = data.threads.filter((t) => !t.resolved);
  const resolved = data.threads.filter((t) => t.resolved);
  return (
    <section id="comentarios" aria-labelledby="comments-title">
      <h2 id="comments-title">Comentarios</h2>
      {data.permissions.comment ? <NewThreadForm data={data} actionData={actionData} /> : null}
      {data.threads.length === 0 ? <p className="muted">No hay comentarios.</p> : null}
      {[...open, ...resolved].map((thread) => (
        <article key={thread.id} className={`card comment-thread${thread.resolved ? " comment-thread--resolved" : ""}`} aria-label={`Comentario en ${titles.get(thread.sectionKey) ?? "la propuesta"}`}>
          <p className="muted">
            {titles.get(thread.sectionKey)}
            {thread.resolved ? " · resuelto" : ""}
          </p>
          <GoToPassage thread={thread} sectionTitle={titles.get(thread.sectionKey) ?? "la sección"} />
          {thread.comments.map((c) => (
            <div key={c.id}>
              <p>
                <strong>{c.authorName ?? "Persona eliminada"}</strong> <span className="muted">{formatDateTime(c.createdAt)}</span>
              </p>
              <p>{c.body}</p>
            </div>
          ))}
          {data.permissions.comment ? (
            <>
              <ReplyForm threadId={thread.id} data={data} actionData={actionData} />
              <Form method="post">
                <input type="hidden" name="threadId" value={thread.id} />
                <button className="button button--secondary" type="submit" name="intent" value={thread.resolved ? "reopen-thread" : "resolve-thread"}>
                  {thread.resolved ? "Reabrir" : "Marcar como resuelto"}
                </button>
              </Form>
            </>
          ) : null}
        </article>
      ))}
    </section>
  );
}

/**
 * The thread's quote as a link to its passage: the live editor selects and
 * highlights it (or says it was deleted); without JavaScript, or before the
 * editor runs, the link goes to the section.
 */
function GoToPassage({ thread, sectionTitle }: { thread: Thread; sectionTitle: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  const go = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const result = focusThread({ id: thread.id, sectionKey: thread.sectionKey, start: thread.anchorStart, end: thread.anchorEnd });
    setNotice(result === "missing" ? "El texto comentado ya no existe." : null);
    if (result === null) (document.getElementById(`seccion-${thread.sectionKey}`) ?? document.getElementById(`stored-${thread.sectionKey}`))?.scrollIntoView({ behavior: "smooth" });
  };
  return (
    <>
      <a className="comment-thread__goto" href={`#stored-${thread.sectionKey}`} onClick={go} aria-label={thread.quote ? `Ir al texto comentado: «${thread.quote}»` : `Ir a la sección ${sectionTitle}`}>
        {thread.quote ? <blockquote>{thread.quote}</blockquote> : <span>Ir a la sección</span>}
      </a>
      <div role="status">{notice ? <Notice tone="warning">{notice}</Notice> : null}</div>
    </>
  );
}

function NewThreadForm({ data, actionData }: { data: ProposalPageData; actionData: ProposalActionData }) {
  // The editor publishes the selected passage (section, text, Yjs relative positions).
  const anchor = useSyncExternalStore(subscribeCommentAnchor, getCommentAnchor, getServerCommentAnchor);
  // A new thread was saved: the next comment starts without a selection.
  const threadCount = data.threads.length;
  useEffect(() => setCommentAnchor(null), [threadCount]);
  const [form, fields] = useForm({
    id: "new-thread",
    lastResult: resultFor(actionData, "new-thread"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewThreadSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-labelledby="new-thread-title">
      <h3 id="new-thread-title">Nuevo comentario</h3>
      <input type="hidden" name="intent" value="new-thread" />
      <FormErrors errors={form.errors} />
      {anchor ? (
        <>
          <input type="hidden" name="sectionKey" value={anchor.sectionKey} />
          <input type="hidden" name="quote" value={anchor.quote} />
          <input type="hidden" name="anchorStart" value={anchor.start} />
          <input type="hidden" name="anchorEnd" value={anchor.end} />
          <p>
            Sobre el texto seleccionado: <q>{anchor.quote}</q>{" "}
            <button type="button" className="button button--ghost" onClick={() => setCommentAnchor(null)}>
              Quitar selección
            </button>
          </p>
        </>
      ) : (
        <SelectField label="Sección" field={fields.sectionKey} options={data.call.sections.map((s) => ({ value: s.key, label: s.title }))} required />
      )}
      <MentionTextarea label="Comentario" field={fields.body} rows={3} people={mentionOptions(data)} mentionFieldName={fields.mentionUserIds.name} />
      {data.people.length ? <CheckboxGroup legend="Mencionar a (recibirán un aviso y un correo)" field={fields.mentionUserIds} options={data.people} /> : null}
      <div>
        <button className="button" type="submit">
          Comentar
        </button>
      </div>
    </Form>
  );
}

function ReplyForm({ threadId, data, actionData }: { threadId: string; data: ProposalPageData; actionData: ProposalActionData }) {
  const result = resultFor(actionData, "reply");
  const [form, fields] = useForm({
    id: `reply-${threadId}`,
    lastResult: result?.initialValue?.threadId === threadId ? result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReplySchema }),
  });
  return (
    <Form method="post" className="form" {...getFormProps(form)} aria-label="Responder">
      <input type="hidden" name="intent" value="reply" />
      <input type="hidden" name="threadId" value={threadId} />
      <FormErrors errors={form.errors} />
      <MentionTextarea label="Respuesta" field={fields.body} rows={2} people={mentionOptions(data)} mentionFieldName={fields.mentionUserIds.name} />
      {data.people.length ? (
        <details>
          <summary>Mencionar a alguien</summary>
          <CheckboxGroup legend="Mencionar a" field={fields.mentionUserIds} options={data.people} />
        </details>
      ) : null}
      <div>
        <button className="button button--secondary" type="submit">
          Responder
        </button>
      </div>
    </Form>
  );
}
