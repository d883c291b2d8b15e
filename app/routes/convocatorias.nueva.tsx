import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { ErrorList, FormErrors, TextField, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { createCall, regionOptions } from "~/features/proposals/calls.server";
import { CheckboxGroup } from "~/features/proposals/checkbox-group";
import { CALL_SECTION_SLOTS, CallSchema } from "~/features/proposals/schema";
import { currentYearInChile, todayInChile } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Publicar convocatoria · Red OMIL" }];

const mayCreate = (actor: Awaited<ReturnType<typeof requireActor>>, regions: string[]) => requirePermission(actor, "create", { type: "proposal_call", eligibleRegionCodes: regions });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  mayCreate(actor, actor.role === "nc_admin" ? ["00"] : actor.regionCode ? [actor.regionCode] : []);
  const regions = await regionOptions(getDb());
  // A Dirección Regional publishes calls for its own region only.
  const allowed = actor.role === "nc_admin" ? regions : regions.filter((r) => r.value === actor.regionCode);
  return json({ regions: allowed, today: todayInChile(), year: currentYearInChile(), defaultRegions: actor.role === "nc_admin" ? [] : [actor.regionCode ?? ""] });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const submission = parseWithZod(await request.formData(), { schema: CallSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  mayCreate(actor, submission.value.eligibleRegionCodes);
  const call = await createCall(getDb(), actor, submission.value);
  return redirect(`/convocatorias/${call.id}`);
}

export default function NewCallPage() {
  const { regions, today, year, defaultRegions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    id: "new-call",
    lastResult: result,
    defaultValue: {
      year: String(year),
      opensOn: today,
      eligibleRegionCodes: defaultRegions,
      noRepeatedTheme: "on",
      sections: Array.from({ length: CALL_SECTION_SLOTS }, (_, i) => (i < 3 ? { required: "on" } : {})),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CallSchema }),
    shouldRevalidate: "onInput",
  });
  const sections = fields.sections.getFieldList();
  return (
    <>
      <h1>Publicar convocatoria</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField label="Nombre" field={fields.name} required />
        <TextField label="Año" field={fields.year} type="number" required />
        <TextareaField label="Descripción y bases generales" field={fields.description} rows={4} />
        <TextField label="Fecha de apertura" field={fields.opensOn} type="date" required />
        <TextField label="Fecha de cierre" field={fields.closesOn} type="date" hint="Cierra a las 23:59 (hora de Chile) de ese día." required />
        <CheckboxGroup legend="Regiones que pueden postular" field={fields.eligibleRegionCodes} options={regions} />
        <TextField label="Presupuesto máximo por propuesta (pesos)" field={fields.maxBudget} type="number" required />
        <TextareaField label="Documentos adjuntos obligatorios (uno por línea)" field={fields.requiredAttachments} rows={3} />
        <label className="checkbox">
          <input {...getInputProps(fields.noRepeatedTheme, { type: "checkbox" })} key={fields.noRepeatedTheme.key} /> Una red no puede postular con el mismo tema que
          su postulación del año anterior
        </label>
        <h2>Secciones del formulario</h2>
        <p className="muted">Completa solo las secciones que necesitas; las filas sin título no se guardan.</p>
        <ErrorList errors={fields.sections.errors} />
        {sections.map((section, index) => {
          const s = section.getFieldset();
          return (
            <fieldset key={section.key} className="card">
              <legend>Sección {index + 1}</legend>
              <TextField label="Título" field={s.title} />
              <div className="field">
                <label htmlFor={s.guidance.id}>Orientaciones para quien escribe</label>
                <textarea {...getTextareaProps(s.guidance)} key={s.guidance.key} rows={2} />
              </div>
              <TextField label="Máximo de caracteres (0 = sin límite)" field={s.maxCharacters} type="number" />
              <label className="checkbox">
                <input {...getInputProps(s.required, { type: "checkbox" })} key={s.required.key} /> Obligatoria
              </label>
            </fieldset>
          );
        })}
        <div>
          <button className="button" type="submit">
            Publicar
          </button>
        </div>
      </Form>
    </>
  );
}
