import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getAuth } from "~/auth/auth.server";
import { FormErrors, TextField } from "~/components/forms";
import { SetPasswordSchema } from "~/features/accounts/schema";

export const meta: MetaFunction = () => [{ title: "Nueva contraseña · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return json({ token: url.searchParams.get("token") ?? "", error: url.searchParams.get("error") });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const token = String(formData.get("token") ?? "");
  const submission = parseWithZod(formData, { schema: SetPasswordSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400 });
  try {
    await getAuth().api.resetPassword({ body: { newPassword: submission.value.password, token } });
  } catch {
    return json({ result: submission.reply({ formErrors: ["El enlace venció o ya fue usado. Pide uno nuevo en «¿Olvidaste tu contraseña?»."] }) }, { status: 400 });
  }
  return redirect("/ingresar?restablecida=1");
}

export default function ResetPasswordPage() {
  const { token, error } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  return (
    <section className="page narrow" aria-labelledby="new-password-title">
      <h1 id="new-password-title">Elige una nueva contraseña</h1>
      {error || !token ? (
        <p className="alert alert--warn">El enlace no es válido o venció. Pide uno nuevo en «¿Olvidaste tu contraseña?».</p>
      ) : (
        <Form method="post" className="form card" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="token" value={token} />
          <TextField label="Nueva contraseña" field={fields.password} type="password" autoComplete="new-password" hint="Al menos 10 caracteres." required />
          <TextField label="Repite la contraseña" field={fields.confirm} type="password" autoComplete="new-password" required />
          <div>
            <button className="button" type="submit">
              Guardar contraseña
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
