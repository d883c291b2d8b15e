import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import * as Y from "yjs";
import type { Database, DbOrTx } from "~/db/client.server";
import { networkMembers, networks, organizations, proposalCalls, proposalVersions, proposals, type ProposalCallRow, type ProposalRow } from "~/db/schema";
import { isNationalAdmin, isNetworkMember, isOmilPerson, type Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { recordAudit } from "~/features/audit/record.server";
import { FieldError } from "~/utils/errors";
import { isUuid } from "~/utils/ids";
import { attachedRequirements } from "./attachments.server.ts";
import { isCallOpen } from "./calls.server.ts";
import { contentOf, currentProposalDoc, emptyContent } from "./document.server.ts";
import { FROZEN_VERSION_NAME } from "./frozen-copy.server.ts";
import { checkProposalRules, type RuleProblem } from "./rules.ts";
import { PROPOSAL_THEMES, themeLabel } from "./themes.ts";
import type { StartProposalForm } from "./schema.ts";

export const STATUS_LABELS: Record<ProposalRow["status"], string> = {
  borrador: "Borrador",
  lista_para_revision: "Lista para revisión",
  enviada: "Enviada",
  adjudicada: "Adjudicada",
  no_adjudicada: "No adjudicada",
};

export interface ReadableProposal {
  proposal: ProposalRow;
  call: ProposalCallRow;
  network: typeof networks.$inferSelect;
}

export const proposalResource = (p: Pick<ProposalRow, "networkId" | "status">, regionCode: string) => ({
  type: "proposal" as const,
  networkId: p.networkId,
  regionCode,
  status: p.status,
});

/** A proposal the actor may read (with its call and network), or undefined: a foreign id is a 404. */
export async function findReadableProposal(db: DbOrTx, actor: Actor | null, id: string): Promise<ReadableProposal | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ proposal: proposals, call: proposalCalls, network: networks })
    .from(proposals)
    .innerJoin(proposalCalls, eq(proposalCalls.id, proposals.callId))
    .innerJoin(networks, eq(networks.id, proposals.networkId))
    .where(eq(proposals.id, id));
  if (!row || !can(actor, "read", proposalResource(row.proposal, row.network.regionCode))) return undefined;
  return row;
}

export async function listProposalsFor(db: DbOrTx, actor: Actor) {
  const base = db
    .select({ id: proposals.id, title: proposals.title, status: proposals.status, themeSlug: proposals.themeSlug, networkName: networks.name, callName: proposalCalls.name, closesAt: proposalCalls.closesAt, year: proposalCalls.year })
    .from(proposals)
    .innerJoin(proposalCalls, eq(proposalCalls.id, proposals.callId))
    .innerJoin(networks, eq(networks.id, proposals.networkId));
  if (isOmilPerson(actor) && actor.memberNetworkIds.length === 0) return [];
  const scope = isNationalAdmin(actor)
    ? undefined
    : actor.role === "dr_staff"
      ? eq(networks.regionCode, actor.regionCode ?? "")
      : inArray(proposals.networkId, [...actor.memberNetworkIds]);
  return base.where(scope).orderBy(desc(proposalCalls.year), asc(proposals.title));
}

/** Active member OMILs of a network, for the "responsible offices" choice. */
export async function networkOffices(db: DbOrTx, networkId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(networkMembers)
    .innerJoin(organizations, eq(organizations.id, networkMembers.organizationId))
    .where(and(eq(networkMembers.networkId, networkId), isNull(networkMembers.leftOn)))
    .orderBy(asc(organizations.name));
}

/** Theme of the network's application to a call of the previous year (the same-theme rule). */
export async function previousYearTheme(db: DbOrTx, networkId: string, call: Pick<ProposalCallRow, "year">, excludeProposalId?: string) {
  const [row] = await db
    .select({ themeSlug: proposals.themeSlug, callName: proposalCalls.name })
    .from(proposals)
    .innerJoin(proposalCalls, eq(proposalCalls.id, proposals.callId))
    .where(and(eq(proposals.networkId, networkId), eq(proposalCalls.year, call.year - 1), inArray(proposals.status, ["enviada", "adjudicada", "no_adjudicada"]), excludeProposalId ? ne(proposals.id, excludeProposalId) : undefined))
    .orderBy(desc(proposals.submittedAt))
    .limit(1);
  return row ? { ...row, themeLabel: themeLabel(row.themeSlug) } : null;
}

export async function rulesFor(db: DbOrTx, readable: ReadableProposal, content = readable.proposal.content ?? emptyContent(), themeSlug = readable.proposal.themeSlug): Promise<RuleProblem[]> {
  return checkProposalRules({
    call: readable.call,
    themeSlug,
    content,
    previousYearTheme: await previousYearTheme(db, readable.proposal.networkId, readable.call, readable.proposal.id),
    attachedRequirements: await attachedRequirements(db, readable.proposal.id),
  });
}

function validateDetails(form: { themeSlug: string; responsibleOrganizationIds: string[] }, offices: { id: string }[]) {
  if (!PROPOSAL_THEMES.some((t) => t.slug === form.themeSlug)) throw new FieldError("themeSlug", "Elige un tema de la lista.");
  const memberIds = new Set(offices.map((o) => o.id));
  if (!form.responsibleOrganizationIds.every((id) => memberIds.has(id))) throw new FieldError("responsibleOrganizationIds", "Las OMIL responsables deben ser miembros de la red.");
}

export async function startProposal(db: DbOrTx, actor: Actor, call: ProposalCallRow, form: StartProposalForm) {
  if (!isNetworkMember(actor, form.networkId)) throw new FieldError("networkId", "Solo puedes postular con una red de la que tu OMIL es miembro.");
  const [network] = await db.select().from(networks).where(eq(networks.id, form.networkId));
  if (!network || !call.eligibleRegionCodes.includes(network.regionCode)) throw new FieldError("networkId", "La región de la red no puede postular a esta convocatoria.");
  if (!isCallOpen(call)) throw new FieldError("networkId", "La convocatoria no está abierta.");
  if (form.responsibleOrganizationIds.length === 0) form = { ...form, responsibleOrganizationIds: [actor.organizationId] };
  validateDetails(form, await networkOffices(db, network.id));
  const [existing] = await db.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.networkId, network.id), eq(proposals.callId, call.id)));
  if (existing) throw new FieldError("networkId", "La red ya tiene una propuesta para esta convocatoria.");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(proposals)
      .values({ networkId: network.id, callId: call.id, title: form.title, themeSlug: form.themeSlug, responsibleOrganizationIds: form.responsibleOrganizationIds, createdByUserId: actor.userId })
      .returning();
    await recordAudit(tx, { action: "proposal.created", resource: proposalAuditResource(row), networkId: network.id, regionCode: network.regionCode, actor, details: { convocatoria: call.name } });
    return row;
  });
}

export const proposalAuditResource = (p: Pick<ProposalRow, "id" | "title">) => ({ type: "proposal" as const, id: p.id, label: p.title });

export async function recordVersionRestored(db: DbOrTx, readable: ReadableProposal, version: Pick<typeof proposalVersions.$inferSelect, "id" | "name">, actor: Actor) {
  await recordAudit(db, { action: "proposal.version_restored", resource: proposalAuditResource(readable.proposal), networkId: readable.network.id, regionCode: readable.network.regionCode, actor, details: { version: version.name, versionId: version.id } });
}

/** A download or print view of the application leaves a trace (decision 0140: exports are audited). */
export async function recordProposalExport(db: DbOrTx, readable: ReadableProposal, actor: Actor, format: "docx" | "impresión") {
  await recordAudit(db, { action: "proposal.exported", resource: proposalAuditResource(readable.proposal), networkId: readable.network.id, regionCode: readable.network.regionCode, actor, details: { formato: format } });
}

export async function updateDetails(db: DbOrTx, readable: ReadableProposal, form: { title: string; themeSlug: string; responsibleOrganizationIds: string[] }) {
  validateDetails(form, await networkOffices(db, readable.network.id));
  await db.transaction(async (tx) => {
    await tx.update(proposals).set({ title: form.title, themeSlug: form.themeSlug, responsibleOrganizationIds: form.responsibleOrganizationIds, updatedAt: new Date() }).where(eq(proposals.id, readable.proposal.id));
    await recordAudit(tx, { action: "proposal.updated", resource: { type: "proposal", id: readable.proposal.id, label: form.title }, networkId: readable.network.id, regionCode: readable.network.regionCode });
  });
}

async function snapshotVersion(tx: DbOrTx, proposalId: string, name: string, kind: "manual" | "status", doc: Y.Doc, content: ProposalRow["content"], userId: string) {
  await tx.insert(proposalVersions).values({ proposalId, name, kind, state: Y.encodeStateAsUpdate(doc), content: content ?? emptyContent(), createdByUserId: userId });
}

export async function saveVersion(db: DbOrTx, readable: ReadableProposal, actor: Actor, name: string, clientState?: string) {
  const doc = await currentProposalDoc(db, readable.proposal.id, clientState);
  await db.transaction(async (tx) => {
    await snapshotVersion(tx, readable.proposal.id, name, "manual", doc, contentOf(doc, readable.call.sections), actor.userId);
    await recordAudit(tx, { action: "proposal.version_saved", resource: proposalAuditResource(readable.proposal), networkId: readable.network.id, regionCode: readable.network.regionCode, actor, details: { version: name } });
  });
}

/** Moves between borrador and lista para revisión, with an automatic version. */
export async function changeDraftStatus(db: Database, readable: ReadableProposal, actor: Actor, to: "borrador" | "lista_para_revision", clientState?: string) {
  const doc = await currentProposalDoc(db, readable.proposal.id, clientState);
  const content = contentOf(doc, readable.call.sections);
  await db.transaction(async (tx) => {
    await tx.update(proposals).set({ status: to, content, updatedAt: new Date() }).where(eq(proposals.id, readable.proposal.id));
    await snapshotVersion(tx, readable.proposal.id, `Cambio de estado: ${STATUS_LABELS[to]}`, "status", doc, content, actor.userId);
    await recordAudit(tx, { action: "proposal.status_changed", resource: proposalAuditResource(readable.proposal), networkId: readable.network.id, regionCode: readable.network.regionCode, actor, details: { de: STATUS_LABELS[readable.proposal.status], a: STATUS_LABELS[to] } });
  });
}

export class SubmissionRefused extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map((p) => p.message).join(" "));
  }
}

/**
 * Submits: the rules are checked on the stored document (plus the browser's
 * state when posted); the frozen copy is that exact state. Refused while the
 * call is closed or any rule is broken.
 */
export async function submitProposal(db: Database, readable: ReadableProposal, actor: Actor, clientState?: string, now = new Date()) {
  if (!isCallOpen(readable.call, now)) throw new SubmissionRefused([{ code: "call-closed", message: "La convocatoria está cerrada: ya no se pueden enviar propuestas." }]);
  const doc = await currentProposalDoc(db, readable.proposal.id, clientState);
  const content = contentOf(doc, readable.call.sections);
  const problems = await rulesFor(db, readable, content);
  if (problems.length > 0) throw new SubmissionRefused(problems);
  const state = Y.encodeStateAsUpdate(doc);
  await db.transaction(async (tx) => {
    // Re-check the rules under the proposal's row lock: removing an attachment takes the
    // same lock, so a file cannot disappear between the check and the freeze.
    await tx.select({ id: proposals.id }).from(proposals).where(eq(proposals.id, readable.proposal.id)).for("update");
    const lastMinute = (await rulesFor(tx, readable, content)).filter((p) => p.code === "attachment-missing");
    if (lastMinute.length > 0) throw new SubmissionRefused(lastMinute);
    // The status guard makes a double submission a no-op.
    const updated = await tx
      .update(proposals)
      .set({ status: "enviada", content, submittedState: state, submittedContent: content, submittedAt: now, submittedByUserId: actor.userId, updatedAt: now })
      .where(and(eq(proposals.id, readable.proposal.id), eq(proposals.status, "lista_para_revision")))
      .returning({ id: proposals.id });
    if (updated.length === 0) return;
    await snapshotVersion(tx, readable.proposal.id, FROZEN_VERSION_NAME, "status", doc, content, actor.userId);
    await recordAudit(tx, { action: "proposal.submitted", resource: proposalAuditResource(readable.proposal), networkId: readable.network.id, regionCode: readable.network.regionCode, actor, details: { de: STATUS_LABELS[readable.proposal.status], a: STATUS_LABELS.enviada } });
  });
}

export async function recordOutcome(db: Database, readable: ReadableProposal, actor: Actor, outcome: "adjudicada" | "no_adjudicada") {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(proposals)
      .set({ status: outcome, updatedAt: new Date() })
      .where(and(eq(proposals.id, readable.proposal.id), eq(proposals.status, "enviada")))
      .returning({ id: proposals.id });
    if (updated.length > 0) await recordAudit(tx, { action: "proposal.outcome_recorded", resource: proposalAuditResource(readable.proposal), networkId: readable.network.id, regionCode: readable.network.regionCode, actor, details: { de: STATUS_LABELS.enviada, a: STATUS_LABELS[outcome] } });
    const doc = new Y.Doc();
    if (readable.proposal.submittedState) Y.applyUpdate(doc, readable.proposal.submittedState);
    await snapshotVersion(tx, readable.proposal.id, `Resultado: ${STATUS_LABELS[outcome]}`, "status", doc, readable.proposal.submittedContent, actor.userId);
  });
}

/** Submitted proposals are frozen: the collab server serves them read-only to everyone. */
export async function isProposalFrozen(db: DbOrTx, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const [row] = await db.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, id));
  return !!row && row.status !== "borrador" && row.status !== "lista_para_revision";
}

export async function listVersions(db: DbOrTx, proposalId: string) {
  return db
    .select({ id: proposalVersions.id, name: proposalVersions.name, kind: proposalVersions.kind, createdAt: proposalVersions.createdAt })
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(desc(proposalVersions.createdAt));
}

export async function findVersion(db: DbOrTx, proposalId: string, versionId: string) {
  if (!isUuid(versionId)) return undefined;
  const [row] = await db.select().from(proposalVersions).where(and(eq(proposalVersions.id, versionId), eq(proposalVersions.proposalId, proposalId)));
  return row;
}
