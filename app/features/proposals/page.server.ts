import type { Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { getDb } from "~/db/client.server";
import { organizations } from "~/db/schema";
import { inArray } from "drizzle-orm";
import { listProposalAttachments, OTHER_ATTACHMENT } from "./attachments.server.ts";
import { listThreads, mentionablePeople } from "./comments.server.ts";
import { proposalDocumentName } from "./document.server.ts";
import { listVersions, networkOffices, previousYearTheme, proposalResource, rulesFor, STATUS_LABELS, type ReadableProposal } from "./proposals.server.ts";
import { isCallOpen } from "./calls.server.ts";
import { themeLabel } from "./themes.ts";
import { preferredColour } from "~/collab/presence-colours";

/* Everything the proposal page shows, assembled once for its loader. */


export async function proposalPageData(actor: Actor, readable: ReadableProposal) {
  const db = getDb();
  const { proposal, call, network } = readable;
  const resource = proposalResource(proposal, network.regionCode);
  const responsible = proposal.responsibleOrganizationIds.length
    ? await db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, proposal.responsibleOrganizationIds))
    : [];
  const submitted = proposal.status !== "borrador" && proposal.status !== "lista_para_revision";
  const permissions = {
    edit: can(actor, "edit", resource),
    markReady: can(actor, "mark_ready", resource),
    submit: can(actor, "submit", resource),
    recordOutcome: can(actor, "record_outcome", resource),
    comment: can(actor, "comment", resource),
    saveVersion: can(actor, "save_version", resource),
    attach: can(actor, "attach", resource),
  };
  const attachments = await listProposalAttachments(db, proposal.id);
  return {
    proposal: {
      id: proposal.id,
      title: proposal.title,
      themeSlug: proposal.themeSlug,
      themeLabel: themeLabel(proposal.themeSlug),
      status: proposal.status,
      statusLabel: STATUS_LABELS[proposal.status],
      responsibleOrganizationIds: proposal.responsibleOrganizationIds,
      responsible: responsible.map((r) => r.name),
      submittedAt: proposal.submittedAt?.toISOString() ?? null,
    },
    // The frozen copy once submitted; the last stored content otherwise (the no-JavaScript view).
    content: (submitted ? proposal.submittedContent : proposal.content) ?? { sections: {}, budget: [] },
    submitted,
    call: { id: call.id, name: call.name, year: call.year, sections: call.sections, maxBudget: call.maxBudget, rules: call.rules, closesAt: call.closesAt.toISOString(), open: isCallOpen(call), requiredAttachments: call.requiredAttachments },
    network: { id: network.id, name: network.name },
    problems: await rulesFor(db, readable),
    attachments: attachments.map((a) => ({
      id: a.id,
      requirement: a.requirement,
      requirementLabel: a.requirement === OTHER_ATTACHMENT ? "Otro documento" : a.requirement,
      filename: a.filename,
      size: a.size,
      uploadedAt: a.uploadedAt.toISOString(),
    })),
    attachedRequirements: [...new Set(attachments.map((a) => a.requirement))],
    previousYearTheme: await previousYearTheme(db, network.id, call, proposal.id),
    permissions,
    offices: (await networkOffices(db, network.id)).map((o) => ({ value: o.id, label: o.name })),
    versions: (await listVersions(db, proposal.id)).map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    threads: (await listThreads(db, proposal.id)).map((t) => ({
      id: t.id,
      sectionKey: t.sectionKey,
      quote: t.quote,
      anchorStart: t.anchorStart,
      anchorEnd: t.anchorEnd,
      resolved: t.resolvedAt !== null,
      authorName: t.authorName,
      comments: t.comments.map((c) => ({ id: c.id, body: c.body, authorName: c.authorName, createdAt: c.createdAt.toISOString() })),
    })),
    people: permissions.comment ? (await mentionablePeople(db, readable)).filter((p) => p.id !== actor.userId).map((p) => ({ value: p.id, label: `${p.name} (${p.organizationName})`, name: p.name, email: p.email, organizationName: p.organizationName })) : [],
    collab: { documentName: proposalDocumentName(proposal.id), user: { key: actor.userId, name: actor.name, organization: actor.organizationName, color: preferredColour(actor.userId) }, readOnly: !permissions.edit },
  };
}
