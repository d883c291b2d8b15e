import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { buildRichContent, inferOrganizationType } from "~/features/practices/content.server";
import { authorOf, createPractice } from "~/features/practices/practices.server";
import { NewPracticeSchema } from "~/features/practices/schema";
import { currentYearInChile } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Nueva buena práctica · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "create", { type: "practice_library" });
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "create", { type: "practice_library" });
  const submission = parseWithZod(await request.formData(), { schema: NewPracticeSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const practice = await createPractice(
    getDb(),
    authorOf(actor),
    {
      title: submission.value.title,
      organizationName: actor.organizationName,
      organizationType: inferOrganizationType(actor.organizationName, actor.organizationKind),
      ownerOrganizationId: actor.organizationId,
      regionCode: actor.regionCode,
      year: currentYearInChile(),
      comunaCodes: [],
      ambitos: [],
      beneficiarios: [],
      links: [],
      content: buildRichContent({}),
    },
    "Creada",
  );
  return redirect(`/buenas-practicas/${practice.slug}/editar`);
}

export default function NewPracticePage() {
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "new-practice",
    lastResult: data?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewPracticeSchema }),
  });
  return (
    <div className="page narrow">
      <h1>Nueva buena práctica</h1>
      <p>
        Escribe el título para crear el borrador; luego completa cada sección. El borrador se guarda solo mientras escribes. ¿Ya la tienes en
        un documento? <Link to="/buenas-practicas/importar">Impórtala</Link>.
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField label="Título" field={fields.title} required hint="Un nombre breve que diga qué se hizo." />
        <button className="button" type="submit">
          Crear borrador
        </button>
      </Form>
    </div>
  );
}
