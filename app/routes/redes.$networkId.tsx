import { SavedStatus, useSaved } from "~/components/saved-status";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, SelectField, TextField, TextareaField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { rotationHooks } from "~/features/features.server";
import { addMember, findReadableNetwork, getNetworkDetail, listJoinableOmils, removeMember } from "~/features/networks/networks.server";
import { scheduleRotation } from "~/features/networks/rotation.server";
import { AddMemberSchema, RemoveMemberSchema, RotateCoordinatorSchema } from "~/features/networks/schema";
import { OMIL_CATEGORY_LABELS } from "~/features/organizations/labels";
import { revalidateCollabAccess } from "~/permissions/collab-revalidate.server";
import { can } from "~/permissions/permissions";
import { currentYearInChile, formatDay, todayInChile } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { TableScroll } from "~/components/table-scroll";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.network.name ?? "Red"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, params.networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  const resource = { type: "network" as const, id: network.id, regionCode: network.regionCode };
  const detail = await getNetworkDetail(db, network);
  const canManage = can(actor, "manage_members", resource);
  return json({
    detail,
    canManage,
    canRotate: can(actor, "rotate_coordinator", resource),
    canReadLog: can(actor, "read", { type: "audit_log", regionCode: network.regionCode }),
    joinable: canManage ? await listJoinableOmils(db, network) : [],
    today: todayInChile(),
    year: currentYearInChile(),
  });
}

const ActionSchema = z.discriminatedUnion("intent", [AddMemberSchema, RemoveMemberSchema, RotateCoordinatorSchema]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, params.networkId ?? "");
  if (!network) throw notFound();
  const resource = { type: "network" as const, id: network.id, regionCode: network.regionCode };
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  const intent = submission.payload.intent as string;
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  try {
    if (value.intent === "add-member") {
      requirePermission(actor, "manage_members", resource);
      await addMember(db, network, value.organizationId, value.joinedOn);
    } else if (value.intent === "remove-member") {
      requirePermission(actor, "manage_members", resource);
      await removeMember(db, network, value.organizationId, value.leftOn);
      await revalidateCollabAccess();
    } else {
      requirePermission(actor, "rotate_coordinator", resource);
      await scheduleRotation(db, network, value, actor, rotationHooks);
      return redirect(`/redes/${network.id}/traspaso`);
    }
  } catch (error) {
    if (error instanceof FieldError) {
      return json({ intent, result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
    }
    throw error;
  }
  return redirect(`/redes/${network.id}`);
}

function useIntentResult(intent: string) {
  const data = useActionData<typeof action>();
  return data && data.intent === intent ? data.result : undefined;
}

export default function NetworkPage() {
  const { detail, canManage, canRotate, canReadLog, joinable, today, year } = useLoaderData<typeof loader>();
  const { network, activeMembers, pastMembers, coordinators, currentCoordinator, scheduledCoordinator, regionName } = detail;
  const { saved: rotationCancelled } = useSaved("traspaso-cancelado");
  return (
    <>
      <h1>{network.name}</h1>
      <p className="muted">
        {regionName}
        {currentCoordinator ? ` · Coordina ${currentCoordinator.name} (${currentCoordinator.year})` : " · Sin coordinadora"}
      </p>
      <SavedStatus show={rotationCancelled} message={`Cancelamos el traspaso programado: ${currentCoordinator?.name ?? "la coordinación actual"} sigue coordinando.`} />
      {scheduledCoordinator ? (
        <Notice tone="warning" role="status">
          Traspaso programado: {scheduledCoordinator.name} asumirá la coordinación el {formatDay(scheduledCoordinator.startedOn)}.{" "}
          <Link to={`/redes/${network.id}/traspaso`}>Ver el traspaso</Link>
        </Notice>
      ) : null}
      {network.description ? <p>{network.description}</p> : null}
      <nav aria-label="Secciones de la red" className="actions">
        <Link className="button button--secondary" to={`/redes/${network.id}/calendario`}>
          Calendario
        </Link>
        <Link className="button button--secondary" to={`/redes/${network.id}/reuniones`}>
          Reuniones mensuales
        </Link>
        <Link className="button button--secondary" to={`/redes/${network.id}/metas`}>
          Metas
        </Link>
        <Link className="button button--secondary" to={`/redes/${network.id}/traspaso`}>
          Traspaso de coordinación
        </Link>
        {canReadLog ? (
          <Link className="button button--secondary" to={`/auditoria?red=${network.id}`}>
            Registro de actividad
          </Link>
        ) : null}
      </nav>

      <section aria-labelledby="members-title">
        <h2 id="members-title">OMIL miembros</h2>
        <TableScroll label="Listado de OMIL miembros">
          <table>
            <thead>
              <tr>
                <th scope="col">OMIL</th>
                <th scope="col">Comuna</th>
                <th scope="col">Categoría</th>
                <th scope="col">Desde</th>
                {canManage ? <th scope="col">Acciones</th> : null}
              </tr>
            </thead>
            <tbody>
              {activeMembers.map((m) => (
                <tr key={m.membershipId}>
                  <td>
                    {m.name} {currentCoordinator?.organizationId === m.organizationId ? <Badge>Coordinadora</Badge> : null}
                  </td>
                  <td>{m.comunaName}</td>
                  <td>{m.category ? OMIL_CATEGORY_LABELS[m.category] : ""}</td>
                  <td>{formatDay(m.joinedOn)}</td>
                  {canManage ? (
                    <td>
                      <RemoveMemberForm organizationId={m.organizationId} name={m.name} today={today} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {pastMembers.length > 0 ? (
          <>
            <h3>Miembros anteriores</h3>
            <ul>
              {pastMembers.map((m) => (
                <li key={m.membershipId}>
                  {m.name}: {formatDay(m.joinedOn)} – {formatDay(m.leftOn)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {canManage ? <AddMemberForm joinable={joinable} today={today} /> : null}
      </section>

      <section aria-labelledby="coordination-title">
        <h2 id="coordination-title">Historial de coordinación</h2>
        <TableScroll label="Listado del historial de coordinación">
          <table>
            <thead>
              <tr>
                <th scope="col">Año</th>
                <th scope="col">OMIL coordinadora</th>
                <th scope="col">Período</th>
                <th scope="col">Nota</th>
              </tr>
            </thead>
            <tbody>
              {coordinators.map((c) => (
                <tr key={c.id}>
                  <td>{c.year}</td>
                  <td>{c.name}</td>
                  <td>
                    {formatDay(c.startedOn)} – {c.endedOn ? formatDay(c.endedOn) : "sin término"}
                    {c.period === "actual" ? " (actual)" : c.period === "programado" ? " (programado)" : ""}
                  </td>
                  <td>{c.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {canRotate && !scheduledCoordinator ? (
          <RotateForm
            members={activeMembers.filter((m) => m.organizationId !== currentCoordinator?.organizationId).map((m) => ({ value: m.organizationId, label: m.name }))}
            today={today}
            year={year}
          />
        ) : null}
      </section>
    </>
  );
}

function AddMemberForm({ joinable, today }: { joinable: { id: string; name: string }[]; today: string }) {
  const [form, fields] = useForm({
    id: "add-member",
    lastResult: useIntentResult("add-member"),
    defaultValue: { joinedOn: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMemberSchema }),
  });
  return (
    <Form method="post" className="card inline-form" {...getFormProps(form)} aria-label="Agregar OMIL a la red">
      <input type="hidden" name="intent" value="add-member" />
      <FormErrors errors={form.errors} />
      <SelectField label="Agregar OMIL" field={fields.organizationId} options={joinable.map((o) => ({ value: o.id, label: o.name }))} />
      <TextField label="Fecha de ingreso" field={fields.joinedOn} type="date" />
      <button className="button" type="submit">
        Agregar
      </button>
    </Form>
  );
}

function RemoveMemberForm({ organizationId, name, today }: { organizationId: string; name: string; today: string }) {
  const result = useIntentResult("remove-member");
  return (
    <Form method="post" aria-label={`Registrar salida de ${name}`}>
      <input type="hidden" name="intent" value="remove-member" />
      <input type="hidden" name="organizationId" value={organizationId} />
      <input type="hidden" name="leftOn" value={today} />
      <button className="button button--secondary" type="submit">
        Registrar salida
      </button>
      {result?.initialValue?.organizationId === organizationId ? (
        <FormErrors errors={Object.values(result.error ?? {}).flat() as string[]} />
      ) : null}
    </Form>
  );
}

function RotateForm({ members, today, year }: { members: { value: string; label: string }[]; today: string; year: number }) {
  const [form, fields] = useForm({
    id: "rotate",
    lastResult: useIntentResult("rotate-coordinator"),
    defaultValue: { startedOn: today, year: String(year) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RotateCoordinatorSchema }),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-labelledby="rotate-title">
      <h3 id="rotate-title">Rotar la coordinación</h3>
      <p className="muted">
        El cambio ocurre en la fecha de inicio: hasta ese día la coordinadora actual mantiene su rol. Ese día pasan a la nueva coordinadora las tareas de
        coordinación de la red y las próximas reuniones; las tareas propias de cada OMIL se quedan. Ambas OMIL reciben un aviso.
      </p>
      <input type="hidden" name="intent" value="rotate-coordinator" />
      <FormErrors errors={form.errors} />
      <SelectField label="Nueva OMIL coordinadora" field={fields.organizationId} options={members} required />
      <TextField label="Año de coordinación" field={fields.year} type="number" required />
      <TextField label="Inicio del período" field={fields.startedOn} type="date" required />
      <TextareaField label="Nota de traspaso" field={fields.note} rows={3} />
      <div>
        <button className="button" type="submit">
          Programar traspaso
        </button>
      </div>
    </Form>
  );
}
