import { savedUrl } from "~/components/saved-status";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { latestHandover, listUpcomingActivities, openAgreementsOfOffice, setHandoverChoice } from "~/features/activities/handover.server";
import { AGREEMENT_STATUS_LABELS, agreementDisplayStatus } from "~/features/activities/labels";
import { openAgreements, loadSchedule } from "~/features/activities/meetings.server";
import { describeRule } from "~/features/activities/time";
import { findReadableNetwork, getNetworkDetail } from "~/features/networks/networks.server";
import { cancelScheduledRotation } from "~/features/networks/rotation.server";
import { CancelRotationSchema, HandoverChoiceSchema } from "~/features/networks/schema";
import { can } from "~/permissions/permissions";
import { formatDateTime, formatDay, todayInChile } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { Notice } from "~/components/notice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Traspaso de coordinación · ${data?.networkName ?? "Red"} · Red OMIL` }];

/** The handover page: what is scheduled, what moves (by role, chosen by the outgoing coordinator), what moved, the history. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, params.networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  const today = todayInChile();
  const detail = await getNetworkDetail(db, network, today);
  const schedule = await loadSchedule(db, network.id);
  const scheduled = detail.scheduledCoordinator;
  const outgoing = scheduled ? detail.currentCoordinator : null;
  return json({
    networkId: network.id,
    networkName: network.name,
    coordinators: detail.coordinators,
    current: detail.currentCoordinator,
    scheduled,
    canChoose: !!outgoing && can(actor, "rotate_coordinator", { type: "network", id: network.id, regionCode: network.regionCode }),
    outgoingAgreements: outgoing ? await openAgreementsOfOffice(db, network.id, outgoing.organizationId) : [],
    handover: await latestHandover(db, network.id),
    open: await openAgreements(db, [network.id]),
    upcoming: await listUpcomingActivities(db, network.id),
    scheduleText: schedule ? describeRule(schedule) : null,
    members: detail.activeMembers.map((m) => m.name),
    today,
  });
}

const ActionSchema = z.discriminatedUnion("intent", [HandoverChoiceSchema, CancelRotationSchema]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const network = await findReadableNetwork(db, actor, params.networkId ?? "");
  if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
  requirePermission(actor, "rotate_coordinator", { type: "network", id: network.id, regionCode: network.regionCode });
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), saved: false }, { status: 400 });
  const detail = await getNetworkDetail(db, network);
  try {
    if (submission.value.intent === "cancel-rotation") {
      await cancelScheduledRotation(db, network.id, actor);
      return redirect(savedUrl(`/redes/${network.id}`, "traspaso-cancelado"));
    }
    if (!detail.scheduledCoordinator || !detail.currentCoordinator) throw new FieldError("", "No hay un traspaso programado: no hay nada que elegir.");
    const { listed, move } = submission.value;
    await setHandoverChoice(db, network.id, detail.currentCoordinator.organizationId, listed, move);
  } catch (error) {
    if (error instanceof FieldError) return json({ result: submission.reply({ formErrors: [error.message] }), saved: false }, { status: 400 });
    throw error;
  }
  return json({ result: submission.reply(), saved: true });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default function HandoverPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const coordination = d.open.filter((a) => a.ownerRole === "coordinacion");
  const ownTasks = d.open.filter((a) => a.ownerRole !== "coordinacion");
  const agreementLine = (a: (typeof d.open)[number]) =>
    `${a.text} — ${a.ownerOrganizationName ?? a.ownerPerson}, plazo ${formatDay(a.dueOn)} (${AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, d.today)]})`;
  return (
    <article className="page" aria-labelledby="handover-title">
      <p className="muted">
        <Link to={`/redes/${d.networkId}`}>{d.networkName}</Link>
      </p>
      <h1 id="handover-title">Traspaso de la coordinación</h1>
      {d.current ? (
        <p>
          Coordina <strong>{d.current.name}</strong> desde el {formatDay(d.current.startedOn)}.
        </p>
      ) : (
        <p>La red no tiene OMIL coordinadora.</p>
      )}
      {d.scheduled ? (
        <section aria-labelledby="scheduled-title" className="card">
          <h2 id="scheduled-title">Traspaso programado</h2>
          <p>
            <strong>{d.scheduled.name}</strong> asumirá la coordinación el <strong>{formatDay(d.scheduled.startedOn)}</strong>
            {d.current ? `; hasta entonces coordina ${d.current.name}` : ""}.
          </p>
          {d.canChoose ? (
            <Form method="post" className="form" aria-labelledby="choice-title">
              <h3 id="choice-title">Qué pasa a {d.scheduled.name}</h3>
              <p className="muted">
                Marca los acuerdos abiertos de {d.current?.name} que son tareas de coordinación de la red: pasarán a {d.scheduled.name} el{" "}
                {formatDay(d.scheduled.startedOn)}. Los no marcados quedan como tareas propias de {d.current?.name}.
              </p>
              <input type="hidden" name="intent" value="handover-choice" />
              {actionData?.saved ? (
                <Notice tone="ok" role="status">
                  Guardamos qué se traspasa.
                </Notice>
              ) : null}
              <FormErrors errors={actionData && !actionData.saved ? (actionData.result.error?.[""] ?? []) : []} />
              {d.outgoingAgreements.length === 0 ? <p className="muted">{d.current?.name} no tiene acuerdos abiertos.</p> : null}
              <ul className="checkbox-list">
                {d.outgoingAgreements.map((a) => (
                  <li key={a.id}>
                    <input type="hidden" name="listed" value={a.id} />
                    <label>
                      <input type="checkbox" name="move" value={a.id} defaultChecked={a.ownerRole === "coordinacion"} /> {a.text} (plazo {formatDay(a.dueOn)})
                    </label>
                  </li>
                ))}
              </ul>
              {d.outgoingAgreements.length > 0 ? (
                <div>
                  <button className="button" type="submit">
                    Guardar qué se traspasa
                  </button>
                </div>
              ) : null}
            </Form>
          ) : null}
          {d.canChoose ? (
            <Form method="post" aria-label="Cancelar el traspaso programado">
              <input type="hidden" name="intent" value="cancel-rotation" />
              <button className="button button--secondary" type="submit">
                Cancelar el traspaso programado
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {d.current?.note ? <blockquote>{d.current.note}</blockquote> : null}
      {d.handover ? (
        <section aria-labelledby="moved-title" className="card">
          <h2 id="moved-title">Qué se traspasó</h2>
          <p>
            El {formatDateTime(d.handover.handover.createdAt)}: {plural(d.handover.movedAgreements.length, "acuerdo abierto", "acuerdos abiertos")} y{" "}
            {plural(d.handover.movedMeetings.length, "reunión próxima", "reuniones próximas")} pasaron de {d.handover.fromName ?? "—"} a {d.handover.toName}.
          </p>
          <ul>
            {d.handover.movedMeetings.map((m) => (
              <li key={m.id}>
                Reunión: <Link to={`/reuniones/${m.id}`}>{m.title}</Link> ({formatDateTime(m.startsAt)})
              </li>
            ))}
            {d.handover.movedAgreements.map((a) => (
              <li key={a.id}>
                Acuerdo: {a.text} (plazo {formatDay(a.dueOn)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Para empezar</h2>
      <ul>
        <li>OMIL miembros: {d.members.join(", ")}</li>
        <li>
          Reuniones: {d.scheduleText ?? "sin calendario definido"} · <Link to={`/redes/${d.networkId}/reuniones`}>ver reuniones</Link>
        </li>
      </ul>
      <h2>Acuerdos abiertos ({d.open.length})</h2>
      <h3>Tareas de coordinación de la red ({coordination.length})</h3>
      <p className="muted">Pasan a la nueva coordinadora en cada traspaso.</p>
      <ul>
        {coordination.map((a) => (
          <li key={a.id}>{agreementLine(a)}</li>
        ))}
      </ul>
      <h3>Tareas propias de cada OMIL ({ownTasks.length})</h3>
      <p className="muted">Se quedan con su OMIL.</p>
      <ul>
        {ownTasks.map((a) => (
          <li key={a.id}>{agreementLine(a)}</li>
        ))}
      </ul>
      <h2>Próximas actividades ({d.upcoming.length})</h2>
      <ul>
        {d.upcoming.map((u) => (
          <li key={u.id}>
            <Link to={`/actividades/${u.id}`}>{u.title}</Link> — {formatDateTime(u.startsAt)}
          </li>
        ))}
      </ul>
      <h2>Historial de coordinación</h2>
      <ul>
        {d.coordinators.map((c) => (
          <li key={c.id}>
            {c.year}: {c.name} ({formatDay(c.startedOn)} – {c.endedOn ? formatDay(c.endedOn) : "sin término"})
            {c.period === "actual" ? " · actual" : c.period === "programado" ? " · programado" : ""}
          </li>
        ))}
      </ul>
    </article>
  );
}
