import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getActor, safeRedirect } from "~/auth/session.server";
import { FormErrors, TextField } from "~/components/forms";
import { LoginSchema } from "~/features/accounts/schema";
import { LOGIN_MESSAGES, signInWithPassword } from "~/features/accounts/login.server";
import { parseFormOr400 } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Ingresar · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  if (actor) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const { submission, value } = parseFormOr400(formData, LoginSchema);
  const outcome = await signInWithPassword(value.email, value.password, context.clientIp);
  if (!outcome.ok) {
    return json(
      { result: submission.reply({ formErrors: [LOGIN_MESSAGES[outcome.reason]], hideFields: ["password"] }) },
      { status: outcome.reason === "rate_limited_address" || outcome.reason === "rate_limited_account" ? 429 : 400 },
    );
  }
  const headers = new Headers();
  for (const cookie of outcome.setCookies) headers.append("set-cookie", cookie);
  return redirect(safeRedirect(value.redirectTo), { headers });
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>()?.result;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(LoginSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <section className="page narrow" aria-labelledby="login-title">
      <h1 id="login-title">Ingresar a Red OMIL</h1>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField label="Correo" field={fields.email} type="email" autoComplete="username" required />
        <TextField label="Contraseña" field={fields.password} type="password" autoComplete="current-password" required />
        <div>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Ingresando…" : "Ingresar"}
          </button>
        </div>
        <p className="muted">
          <a href="/recuperar">¿Olvidaste tu contraseña?</a> · El acceso es solo por invitación.
        </p>
      </Form>
    </section>
  );
}
