import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { ROLE_LABELS } from "~/permissions/actor";

export const meta: MetaFunction = () => [{ title: "Mi cuenta · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return json({ name: actor.name, email: actor.email, role: ROLE_LABELS[actor.role], organizationName: actor.organizationName });
}

export default function AccountPage() {
  const me = useLoaderData<typeof loader>();
  return (
    <section className="page narrow" aria-labelledby="account-title">
      <h1 id="account-title">Mi cuenta</h1>
      <dl className="card">
        <dt className="muted">Nombre</dt>
        <dd>{me.name}</dd>
        <dt className="muted">Correo</dt>
        <dd>{me.email}</dd>
        <dt className="muted">Organización y rol</dt>
        <dd>
          {me.organizationName} · {me.role}
        </dd>
      </dl>
      <h2>Sesiones</h2>
      <p>Si usaste un computador compartido o perdiste tu teléfono, cierra la sesión en todos los dispositivos.</p>
      <Form method="post" action="/salir">
        <input type="hidden" name="everywhere" value="1" />
        <button type="submit" className="button button--danger">
          Cerrar sesión en todos los dispositivos
        </button>
      </Form>
      <p>
        <a href="/recuperar">Cambiar mi contraseña</a>
      </p>
    </section>
  );
}
