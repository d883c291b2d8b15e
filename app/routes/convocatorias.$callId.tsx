import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { findCall, isCallOpen } from "~/features/proposals/calls.server";
import { CheckboxGroup } from "~/features/proposals/checkbox-group";
import { Countdown } from "~/features/proposals/countdown";
import { listNetworksByIds } from "~/features/networks/networks.server";
import { networkOffices, startProposal } from "~/features/proposals/proposals.server";
import { formatClp } from "~/features/proposals/rules";
import { StartProposalSchema } from "~/features/proposals/schema";
import { PROPOSAL_THEMES } from "~/features/proposals/themes";
import { fieldErrorResponse } from "~/utils/forms.server";
import { formatDateTime, formatDay } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.call.name ?? "Convocatoria"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const call = await findCall(db, params.callId ?? "");
  if (!call) throw notFound("No encontramos esa convocatoria.");
  // Networks of the actor that may apply: member, eligible region, call open.
  const memberNetworks = await listNetworksByIds(db, actor.memberNetworkIds);
  const eligible = isCallOpen(call) ? memberNetworks.filter((n) => call.eligibleRegionCodes.includes(n.regionCode)) : [];
  const offices = eligible.length === 1 ? await networkOffices(db, eligible[0].id) : [];
  return json({
    call: { ...call, closesAt: call.closesAt.toISOString() },
    open: isCallOpen(call),
    eligible: eligible.map((n) => ({ value: n.id, label: n.name })),
    offices: offices.map((o) => ({ value: o.id, label: o.name })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const call = await findCall(db, params.callId ?? "");
  if (!call) throw notFound();
  const submission = parseWithZod(await request.formData(), { schema: StartProposalSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  const [network] = await listNetworksByIds(db, [submission.value.networkId]);
  requirePermission(actor, "create", { type: "proposal", networkId: submission.value.networkId, regionCode: network?.regionCode ?? "", status: "borrador" });
  try {
    const proposal = await startProposal(db, actor, call, submission.value);
    return redirect(`/propuestas/${proposal.id}`);
  } catch (error) {
    return fieldErrorResponse(submission, error);
  }
}

export default function CallPage() {
  const { call, open, eligible, offices } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{call.name}</h1>
      <p className="muted">
        Año {call.year} · Abre el {formatDay(call.opensOn)} · Cierra el {formatDateTime(call.closesAt)} · Monto máximo {formatClp(call.maxBudget)}
      </p>
      <Countdown closesAt={call.closesAt} />
      {call.description ? <p>{call.description}</p> : null}
      <h2>Secciones de la postulación</h2>
      <ol>
        {call.sections.map((s) => (
          <li key={s.key}>
            <strong>{s.title}</strong>
            {s.required ? " (obligatoria)" : " (opcional)"}
            {s.maxCharacters > 0 ? ` · máximo ${s.maxCharacters.toLocaleString("es-CL")} caracteres` : ""}
            {s.guidance ? <p className="muted">{s.guidance}</p> : null}
          </li>
        ))}
      </ol>
      {call.requiredAttachments.length ? (
        <>
          <h2>Adjuntos obligatorios</h2>
          <ul>
            {call.requiredAttachments.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Reglas que revisa el portal</h2>
      <ul>
        {call.rules.requiredSections ? <li>Todas las secciones obligatorias deben tener texto.</li> : null}
        {call.rules.characterLimits ? <li>Ninguna sección puede superar su máximo de caracteres.</li> : null}
        {call.rules.budgetWithinMaximum ? <li>El presupuesto total no puede superar {formatClp(call.maxBudget)}.</li> : null}
        {call.rules.noRepeatedThemeFromPreviousYear ? <li>La red no puede postular con el mismo tema que su postulación a la convocatoria del año anterior.</li> : null}
        {call.requiredAttachments.length ? <li>Cada adjunto obligatorio debe estar subido en la propuesta antes de enviarla.</li> : null}
      </ul>
      {open && eligible.length > 0 ? <StartProposalForm networks={eligible} offices={offices} /> : null}
    </>
  );
}

function StartProposalForm({ networks, offices }: { networks: { value: string; label: string }[]; offices: { value: string; label: string }[] }) {
  const [form, fields] = useForm({
    id: "start-proposal",
    lastResult: useActionData<typeof action>()?.result,
    defaultValue: { networkId: networks.length === 1 ? networks[0].value : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StartProposalSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-labelledby="start-title">
      <h2 id="start-title">Iniciar la propuesta de tu red</h2>
      <FormErrors errors={form.errors} />
      <SelectField label="Red" field={fields.networkId} options={networks} required />
      <TextField label="Título de la propuesta" field={fields.title} required />
      <SelectField label="Tema" field={fields.themeSlug} options={PROPOSAL_THEMES.map((t) => ({ value: t.slug, label: t.label }))} required />
      {offices.length ? (
        <CheckboxGroup legend="OMIL responsables" field={fields.responsibleOrganizationIds} options={offices} />
      ) : (
        <p className="muted">Las OMIL responsables se eligen después de crear la propuesta.</p>
      )}
      <div>
        <button className="button" type="submit">
          Crear propuesta
        </button>
      </div>
    </Form>
  );
}
