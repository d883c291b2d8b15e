import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityHosts, auditEvents, proposalVersions, type networks } from "~/db/schema";
import { changeStatus, createActivity, hostsOf, updateActivity } from "~/features/activities/activities.server";
import { deleteActivity } from "~/features/activities/deletion.server";
import { STATUS_TRANSITIONS } from "~/features/activities/labels";
import { createAgreement, updateAgreement } from "~/features/activities/meetings.server";
import { saveResults } from "~/features/activities/results.server";
import { ensureActivityTypes } from "~/features/activities/taxonomy.server";
import { addDaysToDay } from "~/features/activities/time";
import { runWithAuditContext } from "~/features/audit/context.server";
import { activityHooks } from "~/features/features.server";
import { addEntry, deleteEntry, deleteGoal, replaceEntryEvidence, reviewEntry, saveGoal, type GoalRow } from "~/features/goals/goals.server";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import { importPracticeText } from "~/features/practices/import.server";
import { authorOf, createPractice, transitionPractice } from "~/features/practices/practices.server";
import { seedPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { removeProposalAttachment, saveProposalAttachment } from "~/features/proposals/attachments.server";
import { changeDraftStatus, findReadableProposal, recordOutcome, saveVersion, startProposal, submitProposal, updateDetails } from "~/features/proposals/proposals.server";
import { loader as practiceDocxLoader } from "~/routes/buenas-practicas.$slug.docx";
import { loader as proposalDocxLoader } from "~/routes/propuestas.$proposalId.docx";
import { loader as proposalPrintLoader } from "~/routes/propuestas.$proposalId.imprimir";
import { action as versionAction } from "~/routes/propuestas.$proposalId.versiones.$versionId";
import { loader as goalsExportLoader } from "~/routes/redes.$networkId_.metas.exportar";
import { todayInChile } from "~/utils/dates";
import { createNubleWorld, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { responseOf, routeContext as context } from "../../setup/route-context";
import { createCall, writeStoredDocument } from "../proposals/fixtures";

/*
 * Each audited change of goals, proposals, practices and activities leaves
 * exactly one event, written in its transaction, naming who did it, on what,
 * and in which network (practices: in which region). Exports too.
 */

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
type Person = Awaited<ReturnType<typeof signedInActor>>;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const year = Number(todayInChile().slice(0, 4));

describe("audit log: goals, proposals, practices and activities write their events", () => {
  let ctx: Ctx;
  let world: Awaited<ReturnType<typeof createNubleWorld>>;
  let network: typeof networks.$inferSelect;
  let lead: Person;
  let member: Person;
  let dr: Person;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    await loadGoalIndicators(db);
    await ensureActivityTypes(db);
    await seedPracticeTaxonomies(db);
    world = await createNubleWorld(db);
    network = world.network;
    lead = await signedInActor(db, world.sanCarlos.id, "omil_lead");
    member = await signedInActor(db, world.sanFabian.id, "omil_staff");
    dr = await signedInActor(db, world.dr.id, "dr_staff");
  });
  afterAll(async () => ctx.close());

  /** Runs `fn` as a request of `person` would (route loaders fill the actor themselves). */
  const as = <T>(person: Person | null, fn: () => Promise<T>) => runWithAuditContext({ actor: person?.actor ?? null, requestId: "req-test" }, fn);
  const eventsOf = (action: string, resourceId: string) =>
    ctx.handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.resourceId, resourceId)));
  /** Exactly one event of `action` on `resourceId`, by `person`, in the network (or region). */
  async function expectOne(action: string, resourceId: string, person: Person, where: { networkId?: string | null; regionCode?: string | null } = { networkId: network.id, regionCode: "16" }) {
    const rows = await eventsOf(action, resourceId);
    expect(rows, action).toHaveLength(1);
    expect(rows[0], action).toMatchObject({ actorUserId: person.userId, actorName: person.actor.name, ...where });
    return rows[0];
  }

  it("goals: create, edit, entry submitted, evidence replaced, validated, rejected, deleted, CSV export", async () => {
    const db = ctx.handle.db;
    const form = { title: "Personas colocadas", indicatorSlug: "colocados", target: 100, year, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, splitMode: "none" } as never;
    const goal: GoalRow = await as(lead, () => saveGoal(db, network, null, { form, manualShares: {} }, lead.actor));
    await as(lead, () => saveGoal(db, network, goal, { form: { ...(form as object), target: 120 } as never, manualShares: {} }, lead.actor));
    await expectOne("goal.created", goal.id, lead);
    expect((await expectOne("goal.updated", goal.id, lead)).details).toMatchObject({ meta: 120 });

    const entryForm = (note: string) => ({ intent: "add-entry" as const, value: 3, occurredOn: `${year}-02-10`, note });
    const entry = await as(member, () => addEntry(db, goal, member.actor, entryForm("Feria de febrero"), null));
    await expectOne("goal_entry.created", entry.id, member);
    await as(member, () => replaceEntryEvidence(db, entry, member.actor, new File([PDF], "respaldo.pdf")));
    expect((await expectOne("goal_entry.evidence_replaced", entry.id, member)).details).toMatchObject({ archivo: "respaldo.pdf" });
    expect(await as(lead, () => reviewEntry(db, goal, entry, lead.actor, "validated", ""))).toBe(true);
    await expectOne("goal_entry.validated", entry.id, lead);
    // Repeating the decision changes nothing and logs nothing.
    expect(await as(lead, () => reviewEntry(db, goal, entry, lead.actor, "validated", ""))).toBe(false);
    await expectOne("goal_entry.validated", entry.id, lead);

    const other = await as(member, () => addEntry(db, goal, member.actor, entryForm("Duplicada"), null));
    await as(lead, () => reviewEntry(db, goal, other, lead.actor, "rejected", "Repetida"));
    expect((await expectOne("goal_entry.rejected", other.id, lead)).details).toMatchObject({ motivo: "Repetida" });
    const mistaken = await as(member, () => addEntry(db, goal, member.actor, entryForm("Por error"), null));
    await as(member, () => deleteEntry(db, mistaken));
    await expectOne("goal_entry.deleted", mistaken.id, member);

    const exported = await as(null, () =>
      responseOf(goalsExportLoader({ request: requestFor(`/redes/${network.id}/metas/exportar?tipo=avances`, { cookie: lead.cookie }), params: { networkId: network.id }, context })),
    );
    expect(exported.status).toBe(200);
    expect((await expectOne("goals.exported", network.id, lead)).details).toMatchObject({ tipo: "avances", formato: "csv" });

    const spare = await as(lead, () => saveGoal(db, network, null, { form: { ...(form as object), title: "Meta de prueba" } as never, manualShares: {} }, lead.actor));
    await as(lead, () => deleteGoal(db, spare));
    await expectOne("goal.deleted", spare.id, lead);
  });

  it("proposals: create, edit, attachments, status changes, submit, outcome, versions, DOCX and print exports", async () => {
    const db = ctx.handle.db;
    const call = await createCall(db, world.nc.id);
    const started = await as(lead, () => startProposal(db, lead.actor, call, { networkId: network.id, title: "Apresto rural", themeSlug: "apresto-laboral", responsibleOrganizationIds: [] }));
    const id = started.id;
    await expectOne("proposal.created", id, lead);
    const readable = async () => (await findReadableProposal(db, lead.actor, id))!;
    await as(lead, async () => updateDetails(db, await readable(), { title: "Apresto rural 2", themeSlug: "apresto-laboral", responsibleOrganizationIds: [world.sanCarlos.id] }));
    await expectOne("proposal.updated", id, lead);

    const proposal = { id, title: "Apresto rural 2", networkId: network.id, requiredAttachments: call.requiredAttachments };
    await as(member, () => saveProposalAttachment(db, proposal, member.userId, "Carta de compromiso", { bytes: PDF, filename: "carta.pdf" }));
    const extra = await as(member, () => saveProposalAttachment(db, proposal, member.userId, "otro", { bytes: PDF, filename: "extra.pdf" }));
    expect(await eventsOf("proposal.attachment_added", id)).toHaveLength(2);
    await as(member, () => removeProposalAttachment(db, proposal, extra.id));
    expect((await expectOne("proposal.attachment_removed", id, member)).details).toMatchObject({ archivo: "extra.pdf" });

    await writeStoredDocument(db, id, { diagnostico: "Sectores rurales sin transporte.", objetivos: "Talleres en tres comunas." }, [{ item: "Buses", amount: "950.000" }]);
    await as(lead, async () => saveVersion(db, await readable(), lead.actor, "Antes de revisar"));
    await expectOne("proposal.version_saved", id, lead);
    // Restoring is a live edit; the page records it once the server acknowledged it (refused once submitted).
    const [version] = await db.select({ id: proposalVersions.id }).from(proposalVersions).where(and(eq(proposalVersions.proposalId, id), eq(proposalVersions.name, "Antes de revisar")));
    const restored = await as(null, () =>
      responseOf(versionAction({ request: requestFor(`/propuestas/${id}/versiones/${version.id}`, { cookie: lead.cookie, method: "POST", form: { intent: "restored" } }), params: { proposalId: id, versionId: version.id }, context })),
    );
    expect(restored.status).toBe(200);
    expect((await expectOne("proposal.version_restored", id, lead)).details).toMatchObject({ version: "Antes de revisar" });
    await as(lead, async () => changeDraftStatus(db, await readable(), lead.actor, "lista_para_revision"));
    expect((await expectOne("proposal.status_changed", id, lead)).details).toMatchObject({ de: "Borrador", a: "Lista para revisión" });
    await as(lead, async () => submitProposal(db, await readable(), lead.actor));
    await expectOne("proposal.submitted", id, lead);
    await as(dr, async () => recordOutcome(db, (await findReadableProposal(db, dr.actor, id))!, dr.actor, "adjudicada"));
    expect((await expectOne("proposal.outcome_recorded", id, dr)).details).toMatchObject({ a: "Adjudicada" });

    const get = (loader: typeof proposalDocxLoader, path: string) => as(null, () => responseOf(loader({ request: requestFor(path, { cookie: lead.cookie }), params: { proposalId: id }, context })));
    expect((await get(proposalDocxLoader, `/propuestas/${id}/docx`)).status).toBe(200);
    expect((await get(proposalPrintLoader, `/propuestas/${id}/imprimir`)).status).toBe(200);
    const exports = await eventsOf("proposal.exported", id);
    expect(exports.map((e) => e.details.formato).sort()).toEqual(["docx", "impresión"]);
    expect(exports.every((e) => e.actorUserId === lead.userId && e.networkId === network.id)).toBe(true);

  });

  it("practices: import, create, submit for review, publish, DOCX export (scoped by region)", async () => {
    const db = ctx.handle.db;
    const text = "# Feria rural itinerante\n\n**Organización:** OMIL San Carlos\n\n## Descripción\n\nUna feria que recorre los sectores rurales de San Carlos, en Ñuble.\n";
    const imported = await as(lead, () => importPracticeText(db, authorOf(lead.actor), { organizationId: world.sanCarlos.id, organizationKind: "omil", regionCode: "16" }, text, { sourceName: "feria.md" }));
    const region = { networkId: null, regionCode: imported.practice.regionCode };
    await expectOne("practice.imported", imported.practice.id, lead, region);

    const { id: _id, slug: _slug, status: _status, revision: _revision, createdAt: _c, updatedAt: _u, publishedAt: _p, createdBy: _b, ...input } = imported.practice;
    const created = await as(lead, () => createPractice(db, authorOf(lead.actor), { ...input, title: "Feria rural (copia)" }, "Creada"));
    await expectOne("practice.created", created.id, lead, region);
    const submitted = (await as(lead, () => transitionPractice(db, authorOf(lead.actor), created, "submit")))!;
    await as(dr, () => transitionPractice(db, authorOf(dr.actor), submitted, "publish"));
    const moves = await eventsOf("practice.status_changed", created.id);
    expect(moves.map((m) => [m.actorUserId, m.details.a])).toEqual(
      expect.arrayContaining([
        [lead.userId, "En revisión"],
        [dr.userId, "Publicada"],
      ]),
    );
    expect(moves).toHaveLength(2);

    const slug = submitted.slug;
    const docx = await as(null, () => responseOf(practiceDocxLoader({ request: requestFor(`/buenas-practicas/${slug}/docx`, { cookie: dr.cookie }), params: { slug }, context })));
    expect(docx.status).toBe(200);
    await expectOne("practice.exported", created.id, dr, region);
  });

  it("activities: create, edit, status change, results, agreement taken and closed, delete", async () => {
    const db = ctx.handle.db;
    const day = addDaysToDay(todayInChile(), 20);
    const form = {
      networkId: network.id,
      typeSlug: "reunion-red",
      title: "Reunión de la red",
      startsAt: `${day}T10:00`,
      endsAt: `${day}T12:00`,
      modality: "remota",
      onlineUrl: "https://meet.example.cl/red",
      hostOrganizationId: world.sanCarlos.id,
      cohostIds: [],
    } as never;
    const meeting = await as(lead, () => createActivity(db, network, form, lead.actor));
    await expectOne("activity.created", meeting.id, lead);
    const edited = await as(lead, () => updateActivity(db, network, meeting, { ...(form as object), title: "Reunión de la red (editada)" } as never));
    await expectOne("activity.updated", meeting.id, lead);
    const next = STATUS_TRANSITIONS[edited.status][0];
    await as(lead, () => changeStatus(db, edited, next, "Motivo de prueba"));
    await expectOne("activity.status_changed", meeting.id, lead);

    const agreement = await as(lead, () => createAgreement(db, meeting, { text: "Enviar el informe", ownerOrganizationId: world.sanFabian.id, ownerPerson: "", dueOn: day }, lead.userId));
    await expectOne("agreement.created", agreement.id, lead);
    await as(member, () => updateAgreement(db, agreement, "en_curso", ""));
    await as(member, () => updateAgreement(db, agreement, "cumplido", "Enviado el lunes"));
    expect((await expectOne("agreement.closed", agreement.id, member)).details).toMatchObject({ nota: "Enviado el lunes" });

    const [fair] = await db
      .insert(activities)
      .values({ networkId: network.id, typeSlug: "feria-laboral", title: "Feria pasada", startsAt: new Date(`${year}-01-10T13:00:00Z`), endsAt: new Date(`${year}-01-10T17:00:00Z`), modality: "presencial", status: "realizada" })
      .returning();
    await db.insert(activityHosts).values({ activityId: fair.id, organizationId: world.sanCarlos.id, role: "host" });
    const hosts = (await hostsOf(db, [fair.id])).get(fair.id) ?? [];
    await as(lead, () => saveResults(db, fair, hosts, { intent: "results", colocados: { [world.sanCarlos.id]: 4 } } as never, lead.userId, activityHooks));
    await expectOne("activity.results_saved", fair.id, lead);

    const spare = await as(lead, () => createActivity(db, network, { ...(form as object), title: "Se elimina" } as never, lead.actor));
    await as(lead, () => deleteActivity(db, spare.id));
    await expectOne("activity.deleted", spare.id, lead);
  });

  it("a refused change logs nothing", async () => {
    const db = ctx.handle.db;
    const day = addDaysToDay(todayInChile(), 30);
    const meeting = await as(lead, () =>
      createActivity(db, network, { networkId: network.id, typeSlug: "reunion-red", title: "Otra", startsAt: `${day}T10:00`, endsAt: `${day}T11:00`, modality: "remota", onlineUrl: "https://meet.example.cl/x", hostOrganizationId: world.sanCarlos.id, cohostIds: [] } as never, lead.actor),
    );
    await expect(as(lead, () => changeStatus(db, meeting, "cancelada", ""))).rejects.toThrow();
    expect(await eventsOf("activity.status_changed", meeting.id)).toHaveLength(0);
  });
});
