import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getAuth } from "~/auth/auth.server";
import { FormErrors, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { acceptInvitation, findInvitation, INVITATION_STATUS_MESSAGES } from "~/features/accounts/invitations.server";
import { signInWithPassword } from "~/features/accounts/login.server";
import { SetPasswordSchema } from "~/features/accounts/schema";
import { ROLE_LABELS } from "~/permissions/actor";
import { FieldError } from "~/utils/errors";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Aceptar invitación · Red OMIL" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await findInvitation(getDb(), params.token ?? "");
  if (state.status !== "valid") return json({ valid: false as const, message: INVITATION_STATUS_MESSAGES[state.status] }, { status: 410 });
  return json({
    valid: true as const,
    name: state.invitation.name,
    email: state.invitation.email,
    role: ROLE_LABELS[state.invitation.role],
    organizationName: state.organizationName,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const submission = parseWithZod(await request.formData(), { schema: SetPasswordSchema });
  if (submission.status !== "success") return json({ result: submission.reply({ hideFields: ["password", "confirm"] }) }, { status: 400 });
  const db = getDb();
  const state = await findInvitation(db, token);
  if (state.status !== "valid") return json({ result: submission.reply({ formErrors: [INVITATION_STATUS_MESSAGES[state.status]] }) }, { status: 410 });
  try {
    const hash = await (await getAuth().$context).password.hash(submission.value.password);
    const created = await acceptInvitation(db, token, hash);
    const login = await signInWithPassword(created.email, submission.value.password, context.clientIp);
    const headers = new Headers();
    if (login.ok) for (const c of login.setCookies) headers.append("set-cookie", c);
    return redirect(login.ok ? "/inicio" : "/ingresar", { headers });
  } catch (error) {
    if (error instanceof FieldError) return json({ result: submission.reply({ formErrors: [error.message] }) }, { status: 400 });
    throw error;
  }
}

export default function AcceptInvitationPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(SetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
    shouldRevalidate: "onInput",
  });
  if (!data.valid) {
    return (
      <section className="page narrow">
        <h1>Invitación no válida</h1>
        <Notice tone="warning">{data.message}</Notice>
        <p>
          <a href="/ingresar">Ir a ingresar</a>
        </p>
      </section>
    );
  }
  return (
    <section className="page narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">Bienvenida/o a Red OMIL</h1>
      <p>
        {data.name}, te invitaron como <strong>{data.role}</strong> de <strong>{data.organizationName}</strong>. Elige tu contraseña para
        ingresar con <strong>{data.email}</strong>.
      </p>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <TextField label="Contraseña" field={fields.password} type="password" autoComplete="new-password" hint="Al menos 10 caracteres." required />
        <TextField label="Repite la contraseña" field={fields.confirm} type="password" autoComplete="new-password" required />
        <div>
          <button className="button" type="submit">
            Crear mi cuenta
          </button>
        </div>
      </Form>
    </section>
  );
}
