import { getFormProps, useForm } from "@conform-to/react";
import { useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/forms";
import type { LoginValidation } from "~/features/accounts/login-validation";
import { loadSignInPage, signInFromForm } from "~/features/accounts/sign-in-page.server";

export const meta: MetaFunction = () => [{ title: "Ingresar · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadSignInPage(request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  return signInFromForm(request, context.clientIp);
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>()?.result;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  // The client-side check arrives when the form is first focused (see login-validation.ts).
  const [validation, setValidation] = useState<LoginValidation | null>(null);
  const requested = useRef(false);
  const loadValidation = () => {
    if (requested.current) return;
    requested.current = true;
    import("~/features/accounts/login-validation").then(
      (module) => setValidation({ constraint: module.loginConstraint, validate: module.validateLogin }),
      () => {
        // Offline or a failed chunk: the server still checks the form; try again on the next focus.
        requested.current = false;
      },
    );
  };
  const [form, fields] = useForm({
    lastResult,
    constraint: validation?.constraint,
    onValidate: validation?.validate,
    shouldRevalidate: "onInput",
  });
  return (
    <section className="page narrow" aria-labelledby="login-title">
      <h1 id="login-title">Ingresar a Red OMIL</h1>
      <Form method="post" className="form card" {...getFormProps(form)} onFocus={loadValidation}>
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
