import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import { RESET_RATE_LIMITED_MESSAGE, requestPasswordReset } from "~/features/accounts/login.server";
import { RequestResetSchema } from "~/features/accounts/schema";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Recuperar contraseña · Red OMIL" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: RequestResetSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), sent: false }, { status: 400 });
  // Same answer whether or not the address exists: no account enumeration.
  const outcome = await requestPasswordReset(submission.value.email, context.clientIp);
  if (!outcome.ok) return json({ result: submission.reply({ formErrors: [RESET_RATE_LIMITED_MESSAGE] }), sent: false }, { status: 429 });
  return json({ result: submission.reply({ resetForm: true }), sent: true });
}

export default function RequestResetPage() {
  const data = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult: data?.result,
    constraint: getZodConstraint(RequestResetSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RequestResetSchema }),
  });
  return (
    <section className="page narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Recuperar contraseña</h1>
      {data?.sent ? (
        <Notice tone="ok" role="status">
          Si el correo corresponde a una cuenta, te enviamos un enlace para elegir una nueva contraseña. Vale por una hora.
        </Notice>
      ) : null}
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField label="Correo" field={fields.email} type="email" autoComplete="username" required />
        <div>
          <button className="button" type="submit">
            Enviar enlace
          </button>
        </div>
      </Form>
    </section>
  );
}
