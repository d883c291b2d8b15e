import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { Form, Link } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { formatDateTime } from "~/utils/dates";
import { resultFor, type ProposalActionData, type ProposalPageData } from "./page-types.ts";
import { SaveVersionSchema } from "./schema.ts";
import { attachLiveState } from "./status-actions.tsx";

/** Named versions and the automatic ones of each status change; each can be viewed, compared and restored. */
export function VersionsPanel({ data, actionData }: { data: ProposalPageData; actionData: ProposalActionData }) {
  const [form, fields] = useForm({
    id: "save-version",
    lastResult: resultFor(actionData, "save-version"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SaveVersionSchema }),
  });
  const formProps = getFormProps(form);
  return (
    <section id="versiones" aria-labelledby="versions-title">
      <h2 id="versions-title">Versiones</h2>
      {data.permissions.saveVersion ? (
        <Form
          method="post"
          className="inline-form"
          {...formProps}
          onSubmit={(event) => {
            attachLiveState(event);
            formProps.onSubmit(event);
          }}
        >
          <input type="hidden" name="intent" value="save-version" />
          <input type="hidden" name="state" value="" />
          <FormErrors errors={form.errors} />
          <TextField label="Nombre de la versión" field={fields.name} />
          <button className="button button--secondary" type="submit">
            Guardar versión
          </button>
        </Form>
      ) : null}
      {data.versions.length === 0 ? (
        <p className="muted">Aún no hay versiones guardadas.</p>
      ) : (
        <ul>
          {data.versions.map((v) => (
            <li key={v.id}>
              <Link to={`/propuestas/${data.proposal.id}/versiones/${v.id}`}>{v.name}</Link> <span className="muted">· {formatDateTime(v.createdAt)}{v.kind === "status" ? " · automática" : ""}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
