import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { forbidden, notFound, requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { createInvitation, listInvitations } from "~/features/accounts/invitations.server";
import { InvitationFormSchema } from "~/features/accounts/schema";
import { getUserForAdmin, listUsersFor, setUserActive } from "~/features/accounts/users.server";
import { listOrganizations } from "~/features/organizations/organizations.server";
import { getEnv } from "~/env.server";
import { ROLE_LABELS, ROLES, type Role } from "~/permissions/actor";
import { revalidateCollabAccess } from "~/permissions/collab-revalidate.server";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { TableScroll } from "~/components/table-scroll";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Personas e invitaciones · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "omil_staff") throw forbidden();
  const db = getDb();
  const organizations = (await listOrganizations(db)).filter((o) =>
    ROLES.some((role) => can(actor, "invite", { type: "account", organizationId: o.id, organizationKind: o.kind, regionCode: o.regionCode, role })),
  );
  const users = await listUsersFor(db, actor);
  const invitations = await listInvitations(db, { organizationIds: organizations.map((o) => o.id) });
  return json({
    users: users.map((u) => ({
      ...u,
      canManage: u.id !== actor.userId && can(actor, "deactivate", { type: "account", organizationId: u.organizationId, organizationKind: u.organizationKind, regionCode: u.regionCode, role: u.role as Role }),
      canReadLog: can(actor, "read", { type: "audit_log", regionCode: u.regionCode }),
    })),
    invitations,
    organizations: organizations.map((o) => ({ value: o.id, label: o.name })),
    roles: ROLES.filter((r) => actor.role === "nc_admin" || r !== "nc_admin").map((r) => ({ value: r, label: ROLE_LABELS[r] })),
  });
}

const ToggleSchema = z.object({ intent: z.enum(["deactivate", "activate"]), userId: z.string().min(1) });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "deactivate" || intent === "activate") {
    const parsed = ToggleSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) throw json("Solicitud no válida", { status: 400 });
    const target = await getUserForAdmin(db, parsed.data.userId);
    const resource = target && { type: "account" as const, organizationId: target.user.organizationId!, organizationKind: target.organizationKind, regionCode: target.regionCode, role: target.user.role };
    if (!target || !resource || !can(actor, "read", resource)) throw notFound();
    requirePermission(actor, "deactivate", resource);
    if (target.user.id === actor.userId) throw forbidden("No puedes desactivar tu propia cuenta.");
    await setUserActive(db, target.user.id, intent === "activate");
    await revalidateCollabAccess({ userId: target.user.id });
    return redirect("/admin/usuarios");
  }

  const submission = parseWithZod(formData, { schema: InvitationFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const orgs = await listOrganizations(db);
  const org = orgs.find((o) => o.id === value.organizationId);
  if (!org) return json({ result: submission.reply({ fieldErrors: { organizationId: ["La organización no existe."] } }) }, { status: 400 });
  if (!can(actor, "invite", { type: "account", organizationId: org.id, organizationKind: org.kind, regionCode: org.regionCode, role: value.role })) {
    return json({ result: submission.reply({ fieldErrors: { role: ["No puedes invitar con ese rol a esa organización."] } }) }, { status: 400 });
  }
  try {
    await createInvitation(db, value, actor, getEnv().baseUrl);
  } catch (error) {
    if (error instanceof FieldError) return json({ result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
    throw error;
  }
  return redirect(`/admin/usuarios?invitada=${encodeURIComponent(value.email)}`);
}

export default function UsersPage() {
  const { users, invitations, organizations, roles } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [params] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(InvitationFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InvitationFormSchema }),
    shouldRevalidate: "onInput",
  });
  const invited = params.get("invitada");
  return (
    <>
      <h1>Personas e invitaciones</h1>
      {invited ? (
        <Notice tone="ok" role="status">
          Invitación enviada a {invited}. El enlace vale 7 días y se usa una sola vez.
        </Notice>
      ) : null}
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">Invitar a una persona</h2>
        <Form method="post" className="form card" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <TextField label="Nombre completo" field={fields.name} required />
          <TextField label="Correo" field={fields.email} type="email" required />
          <SelectField label="Organización" field={fields.organizationId} options={organizations} required />
          <SelectField label="Rol" field={fields.role} options={roles} required />
          <div>
            <button className="button" type="submit">
              Enviar invitación
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="users-title">
        <h2 id="users-title">Personas</h2>
        <TableScroll label="Listado de personas">
          <table>
            <thead>
              <tr>
                <th scope="col">Nombre</th>
                <th scope="col">Correo</th>
                <th scope="col">Organización</th>
                <th scope="col">Rol</th>
                <th scope="col">Estado</th>
                <th scope="col">Registro</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.organizationName}</td>
                  <td>{ROLE_LABELS[u.role as Role]}</td>
                  <td>
                    {u.active ? "Activa" : "Desactivada"}
                    {u.canManage ? (
                      <Form method="post" style={{ display: "inline", marginLeft: "0.5rem" }}>
                        <input type="hidden" name="userId" value={u.id} />
                        <button className="button button--secondary" type="submit" name="intent" value={u.active ? "deactivate" : "activate"}>
                          {u.active ? "Desactivar" : "Reactivar"}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>
                    {u.canReadLog ? (
                      <Link to={`/auditoria?persona=${u.id}`} aria-label={`Registro de actividad de ${u.name}`}>
                        Registro de actividad
                      </Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">Invitaciones</h2>
        {invitations.length === 0 ? (
          <p className="muted">No hay invitaciones.</p>
        ) : (
          <TableScroll label="Listado de invitaciones">
            <table>
              <thead>
                <tr>
                  <th scope="col">Persona</th>
                  <th scope="col">Organización</th>
                  <th scope="col">Rol</th>
                  <th scope="col">Estado</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.name}
                      <div className="muted">{i.email}</div>
                    </td>
                    <td>{i.organizationName}</td>
                    <td>{ROLE_LABELS[i.role]}</td>
                    <td>
                      {i.usedAt
                        ? `Aceptada el ${formatDateTime(i.usedAt)}`
                        : i.revokedAt
                          ? "Reemplazada"
                          : new Date(i.expiresAt) < new Date()
                            ? "Vencida"
                            : `Pendiente (vence el ${formatDateTime(i.expiresAt)})`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}
