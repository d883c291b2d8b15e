import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Database, DbOrTx } from "~/db/client.server";
import { networkMembers, organizations, proposalComments, proposalCommentThreads, user } from "~/db/schema";
import { getEnv } from "~/env.server";
import type { Actor } from "~/permissions/actor";
import { notifyPerson } from "~/notifications/notify.server";
import { FieldError } from "~/utils/errors";
import { resolveTextMentions } from "./mentions.ts";
import type { ReadableProposal } from "./proposals.server.ts";

/*
 * Comment threads on a proposal, anchored to a selection of one section
 * (Yjs relative positions encoded by the editor, so the anchor follows the
 * text as others edit). Mentioned people get an in-app notification and an
 * email, in the same transaction as the comment.
 */

export async function listThreads(db: DbOrTx, proposalId: string) {
  const threads = await db
    .select({ thread: proposalCommentThreads, authorName: user.name })
    .from(proposalCommentThreads)
    .leftJoin(user, eq(user.id, proposalCommentThreads.createdByUserId))
    .where(eq(proposalCommentThreads.proposalId, proposalId))
    .orderBy(asc(proposalCommentThreads.createdAt));
  const ids = threads.map((t) => t.thread.id);
  const comments = ids.length
    ? await db
        .select({ id: proposalComments.id, threadId: proposalComments.threadId, body: proposalComments.body, createdAt: proposalComments.createdAt, authorName: user.name })
        .from(proposalComments)
        .leftJoin(user, eq(user.id, proposalComments.authorUserId))
        .where(inArray(proposalComments.threadId, ids))
        .orderBy(asc(proposalComments.createdAt))
    : [];
  return threads.map(({ thread, authorName }) => ({ ...thread, authorName, comments: comments.filter((c) => c.threadId === thread.id) }));
}

/** People who may be mentioned: accounts of the network's OMILs and of the region's Dirección Regional. */
export async function mentionablePeople(db: DbOrTx, readable: ReadableProposal) {
  const memberOrgs = db.select({ id: networkMembers.organizationId }).from(networkMembers).where(and(eq(networkMembers.networkId, readable.network.id), isNull(networkMembers.leftOn)));
  return db
    .select({ id: user.id, name: user.name, email: user.email, organizationName: organizations.name })
    .from(user)
    .innerJoin(organizations, eq(organizations.id, user.organizationId))
    .where(or(inArray(user.organizationId, memberOrgs), and(eq(organizations.kind, "direccion_regional"), eq(organizations.regionCode, readable.network.regionCode))))
    .orderBy(asc(user.name));
}

/**
 * Notifies, once each, the people ticked in the checklist (or picked from the
 * suggestions) and those named as "@Nombre Apellido" in the text; never the author.
 */
async function notifyMentions(tx: DbOrTx, readable: ReadableProposal, actor: Actor, mentionUserIds: string[], body: string) {
  const people = await mentionablePeople(tx, readable);
  const allowed = new Map(people.map((p) => [p.id, p]));
  for (const id of mentionUserIds) {
    if (!allowed.has(id)) throw new FieldError("mentionUserIds", "Solo puedes mencionar a personas de la red o de su Dirección Regional.");
  }
  const fromText = resolveTextMentions(body, people).map((p) => p.id);
  const ids = [...new Set([...mentionUserIds, ...fromText])].filter((id) => id !== actor.userId);
  if (ids.length === 0) return;
  const url = `/propuestas/${readable.proposal.id}#comentarios`;
  const title = `${actor.name} te mencionó en «${readable.proposal.title}»`;
  const emailText = `${actor.name} (${actor.organizationName}) escribió en un comentario de la propuesta «${readable.proposal.title}»:\n\n${body}\n\nResponde en ${getEnv().baseUrl}${url}\n`;
  for (const id of ids) {
    await notifyPerson(tx, allowed.get(id)!, { kind: "proposal_mention", title, body: body.slice(0, 280), url, emailText });
  }
}

export async function createThread(
  db: Database,
  readable: ReadableProposal,
  actor: Actor,
  input: { sectionKey: string; quote: string; anchorStart?: string; anchorEnd?: string; body: string; mentionUserIds: string[] },
) {
  if (!readable.call.sections.some((s) => s.key === input.sectionKey)) throw new FieldError("sectionKey", "Esa sección no existe en la convocatoria.");
  return db.transaction(async (tx) => {
    const [thread] = await tx
      .insert(proposalCommentThreads)
      .values({ proposalId: readable.proposal.id, sectionKey: input.sectionKey, quote: input.quote, anchorStart: input.anchorStart ?? null, anchorEnd: input.anchorEnd ?? null, createdByUserId: actor.userId })
      .returning();
    await tx.insert(proposalComments).values({ threadId: thread.id, authorUserId: actor.userId, body: input.body });
    await notifyMentions(tx, readable, actor, input.mentionUserIds, input.body);
    return thread;
  });
}

async function findThread(db: DbOrTx, proposalId: string, threadId: string) {
  const [thread] = await db.select().from(proposalCommentThreads).where(and(eq(proposalCommentThreads.id, threadId), eq(proposalCommentThreads.proposalId, proposalId)));
  if (!thread) throw new FieldError("threadId", "Ese hilo de comentarios no existe.");
  return thread;
}

export async function replyToThread(db: Database, readable: ReadableProposal, actor: Actor, input: { threadId: string; body: string; mentionUserIds: string[] }) {
  await findThread(db, readable.proposal.id, input.threadId);
  await db.transaction(async (tx) => {
    await tx.insert(proposalComments).values({ threadId: input.threadId, authorUserId: actor.userId, body: input.body });
    // A reply reopens a resolved thread: the conversation is active again.
    await tx.update(proposalCommentThreads).set({ resolvedAt: null, resolvedByUserId: null }).where(eq(proposalCommentThreads.id, input.threadId));
    await notifyMentions(tx, readable, actor, input.mentionUserIds, input.body);
  });
}

export async function setThreadResolved(db: DbOrTx, readable: ReadableProposal, actor: Actor, threadId: string, resolved: boolean) {
  await findThread(db, readable.proposal.id, threadId);
  await db
    .update(proposalCommentThreads)
    .set(resolved ? { resolvedAt: new Date(), resolvedByUserId: actor.userId } : { resolvedAt: null, resolvedByUserId: null })
    .where(eq(proposalCommentThreads.id, threadId));
}
