import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, SelectField, TextField, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { createNetwork } from "~/features/networks/networks.server";
import { NetworkFormSchema } from "~/features/networks/schema";
import { listRegions } from "~/features/territory/territory.server";
import { fieldErrorResponse, parseFormOr400 } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Nueva red · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role !== "nc_admin" && actor.role !== "dr_staff") requirePermission(actor, "create", { type: "network", id: "", regionCode: "" });
  const regions = await listRegions(getDb());
  const allowed = regions.filter((r) => actor.role === "nc_admin" || r.code === actor.regionCode);
  return json({ regions: allowed.map((r) => ({ value: r.code, label: r.name })), defaultRegion: actor.regionCode ?? "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { submission, value } = parseFormOr400(await request.formData(), NetworkFormSchema);
  requirePermission(actor, "create", { type: "network", id: "", regionCode: value.regionCode });
  try {
    const network = await createNetwork(getDb(), value);
    return redirect(`/redes/${network.id}`);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
}

export default function NewNetworkPage() {
  const { regions, defaultRegion } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { regionCode: defaultRegion, reminderDays: 3, name: "", description: "" },
    constraint: getZodConstraint(NetworkFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NetworkFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>Nueva red territorial</h1>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField label="Nombre" field={fields.name} required />
        <SelectField label="Región" field={fields.regionCode} options={regions} required />
        <TextareaField label="Descripción" field={fields.description} />
        <TextField label="Días de anticipación para recordatorios" field={fields.reminderDays} type="number" />
        <div>
          <button className="button" type="submit">
            Crear red
          </button>
        </div>
      </Form>
    </>
  );
}
