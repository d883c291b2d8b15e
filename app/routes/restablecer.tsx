import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getAuth } from "~/auth/auth.server";
import { FormErrors, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { markResetLinkUsed, RESET_LINK_MESSAGES, resetLinkState } from "~/features/accounts/password-reset.server";
import { SetPasswordSchema } from "~/features/accounts/schema";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Nueva contraseña · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const state = await resetLinkState(getDb(), token);
  return json({ token: state === "valid" ? token : "", problem: state === "valid" ? null : RESET_LINK_MESSAGES[state] });
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const token = String(formData.get("token") ?? "");
  const submission = parseWithZod(formData, { schema: SetPasswordSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400 });
  const db = getDb();
  const refuse = (state: keyof typeof RESET_LINK_MESSAGES) =>
    json({ result: submission.reply({ formErrors: [RESET_LINK_MESSAGES[state]], hideFields: ["password", "confirm"] }) }, { status: 400 });
  const before = await resetLinkState(db, token);
  if (before !== "valid") return refuse(before);
  try {
    await getAuth().api.resetPassword({ body: { newPassword: submission.value.password, token } });
  } catch {
    // Expired or used between the check and the reset (another tab, the hour just ran out).
    const after = await resetLinkState(db, token);
    return refuse(after === "valid" ? "invalid" : after);
  }
  await markResetLinkUsed(db, token);
  return redirect("/ingresar?restablecida=1");
}

export default function ResetPasswordPage() {
  const { token, problem } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  });
  return (
    <section className="page narrow" aria-labelledby="new-password-title">
      <h1 id="new-password-title">Elige una nueva contraseña</h1>
      {problem ? (
        <>
          <Notice tone="warning" role="alert">
            {problem}
          </Notice>
          <p>
            <a href="/recuperar">Pedir un enlace nuevo</a>
          </p>
        </>
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
