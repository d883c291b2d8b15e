import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors, TextareaField } from "~/components/forms";
import { SavedStatus, useSaved } from "~/components/saved-status";
import { formatDateTime } from "~/utils/dates";
import type { meetingPageData } from "./meeting-page.server.ts";
import { ReopenMinutesSchema } from "./schema.ts";
import { Notice } from "~/components/notice";

type PageData = SerializeFrom<Awaited<ReturnType<typeof meetingPageData>>>;

function useIntentResult(intent: string) {
  const data = useActionData<{ intent: string; result: SubmissionResult<string[]> }>();
  return data && data.intent === intent ? data.result : undefined;
}

/** "Cerrar acta" / "Reabrir acta" and the history of both, above the minutes. */
export function MinutesClosure() {
  const { closure, can } = useLoaderData<PageData>();
  const closedNow = useSaved("acta-cerrada");
  const reopenedNow = useSaved("acta-reabierta");
  const closeResult = useIntentResult("close-minutes");
  const last = closure.events.at(-1);
  return (
    <>
      <SavedStatus
        show={closedNow.saved || reopenedNow.saved}
        message={closedNow.saved ? "Cerramos el acta: la minuta, la tabla y la asistencia quedan solo para lectura." : "Reabrimos el acta: la reunión se puede volver a editar."}
      />
      {closure.closedAt ? (
        <Notice tone="warning">
          Acta cerrada el {formatDateTime(closure.closedAt)}
          {last?.kind === "cerrada" ? ` por ${last.userName}${last.organizationName ? ` (${last.organizationName})` : ""}` : ""}: la minuta, la tabla y la asistencia son solo de lectura.
          {can.reopen ? "" : " Si hay que corregir algo, pide a la coordinación de la red que la reabra."}
        </Notice>
      ) : null}
      {can.close ? (
        <Form method="post" aria-label="Cerrar acta" className="form card">
          <input type="hidden" name="intent" value="close-minutes" />
          <FormErrors errors={closeResult?.error?.intent ?? closeResult?.error?.[""]} />
          <p className="muted">Al cerrar el acta, la minuta, la tabla y la asistencia quedan solo para lectura para todas las OMIL. Podrás reabrirla indicando el motivo.</p>
          <div>
            <button className="button" type="submit">
              Cerrar acta
            </button>
          </div>
        </Form>
      ) : null}
      {can.reopen ? <ReopenForm /> : null}
      {closure.events.length > 0 ? (
        <details>
          <summary>Historial del acta ({closure.events.length})</summary>
          <ul>
            {closure.events.map((e) => (
              <li key={`${e.kind}:${e.at}`}>
                {e.kind === "cerrada" ? "Cerrada" : "Reabierta"} el {formatDateTime(e.at)} por {e.userName}
                {e.organizationName ? ` (${e.organizationName})` : ""}
                {e.reason ? ` — Motivo: ${e.reason}` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function ReopenForm() {
  const [form, fields] = useForm({
    id: "reopen-minutes-form",
    lastResult: useIntentResult("reopen-minutes"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReopenMinutesSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-label="Reabrir acta">
      <input type="hidden" name="intent" value="reopen-minutes" />
      <FormErrors errors={form.errors} />
      <TextareaField label="Motivo de la reapertura" field={fields.reason} rows={2} />
      <div>
        <button className="button button--secondary" type="submit">
          Reabrir acta
        </button>
      </div>
    </Form>
  );
}
