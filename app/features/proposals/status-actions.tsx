import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { CheckboxGroup } from "./checkbox-group.tsx";
import { liveStateBase64 } from "./live-state.ts";
import { resultFor, type ProposalActionData, type ProposalPageData } from "./page-types.ts";
import { ProposalDetailsSchema } from "./schema.ts";
import { PROPOSAL_THEMES } from "./themes.ts";

/** Adds the live document's state to a form just before it is sent (see live-state.ts). */
export function attachLiveState(event: React.FormEvent<HTMLFormElement>) {
  const input = event.currentTarget.elements.namedItem("state");
  if (input instanceof HTMLInputElement) input.value = liveStateBase64();
}

/** Moves through borrador → lista para revisión → enviada → adjudicada / no adjudicada. */
export function StatusActions({ data, actionData }: { data: ProposalPageData; actionData: ProposalActionData }) {
  const { proposal, permissions, call } = data;
  const result = resultFor(actionData, "submit", "mark-ready", "back-to-draft", "outcome");
  const errors = result?.error?.[""] ?? null;
  return (
    <section aria-labelledby="status-title" className="card">
      <h2 id="status-title">Estado: {proposal.statusLabel}</h2>
      <FormErrors errors={errors} />
      <div className="inline-form">
        {proposal.status === "borrador" && permissions.markReady ? (
          <Form method="post" onSubmit={attachLiveState}>
            <input type="hidden" name="intent" value="mark-ready" />
            <input type="hidden" name="state" value="" />
            <button className="button" type="submit">
              Marcar lista para revisión
            </button>
          </Form>
        ) : null}
        {proposal.status === "lista_para_revision" && permissions.markReady ? (
          <Form method="post">
            <input type="hidden" name="intent" value="back-to-draft" />
            <button className="button button--secondary" type="submit">
              Volver a borrador
            </button>
          </Form>
        ) : null}
        {permissions.submit && call.open ? (
          <Form method="post" onSubmit={attachLiveState}>
            <input type="hidden" name="intent" value="submit" />
            <input type="hidden" name="state" value="" />
            <button className="button" type="submit">
              Enviar propuesta
            </button>
          </Form>
        ) : null}
        {proposal.status === "lista_para_revision" && !permissions.submit ? <p className="muted">La encargada o encargado de una OMIL de la red envía la propuesta.</p> : null}
        {permissions.recordOutcome ? (
          <Form method="post" aria-label="Registrar el resultado">
            <input type="hidden" name="intent" value="outcome" />
            <button className="button" type="submit" name="outcome" value="adjudicada">
              Registrar: adjudicada
            </button>{" "}
            <button className="button button--secondary" type="submit" name="outcome" value="no_adjudicada">
              Registrar: no adjudicada
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}

export function DetailsForm({ data, actionData }: { data: ProposalPageData; actionData: ProposalActionData }) {
  const { proposal, offices } = data;
  const [form, fields] = useForm({
    id: "details",
    lastResult: resultFor(actionData, "details"),
    defaultValue: { title: proposal.title, themeSlug: proposal.themeSlug, responsibleOrganizationIds: proposal.responsibleOrganizationIds },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProposalDetailsSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <details className="card">
      <summary>Datos de la propuesta (título, tema, OMIL responsables)</summary>
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="details" />
        <FormErrors errors={form.errors} />
        <TextField label="Título" field={fields.title} required />
        <SelectField label="Tema" field={fields.themeSlug} options={PROPOSAL_THEMES.map((t) => ({ value: t.slug, label: t.label }))} required />
        <CheckboxGroup legend="OMIL responsables" field={fields.responsibleOrganizationIds} options={offices} />
        <div>
          <button className="button" type="submit">
            Guardar datos
          </button>
        </div>
      </Form>
    </details>
  );
}
