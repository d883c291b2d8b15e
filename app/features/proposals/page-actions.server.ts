import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import type { Actor } from "~/permissions/actor";
import { FieldError } from "~/utils/errors";
import { revalidateCollabAccess } from "~/permissions/collab-revalidate.server";
import { proposalDocumentName } from "./document.server.ts";
import { createThread, replyToThread, setThreadResolved } from "./comments.server.ts";
import { changeDraftStatus, proposalResource, recordOutcome, saveVersion, submitProposal, SubmissionRefused, updateDetails, type ReadableProposal } from "./proposals.server.ts";
import { MAX_ATTACHMENT_BYTES, removeProposalAttachment, saveProposalAttachment } from "./attachments.server.ts";
import { AttachSchema, BackToDraftSchema, MarkReadySchema, NewThreadSchema, OutcomeSchema, ProposalDetailsSchema, RemoveAttachmentSchema, ReplySchema, ResolveThreadSchema, SaveVersionSchema, SubmitSchema } from "./schema.ts";

/* The proposal page's actions, switched on `intent`; each checks its own permission. */

const ActionSchema = z.discriminatedUnion("intent", [
  ProposalDetailsSchema,
  MarkReadySchema,
  BackToDraftSchema,
  SubmitSchema,
  OutcomeSchema,
  SaveVersionSchema,
  NewThreadSchema,
  ReplySchema,
  ResolveThreadSchema,
  AttachSchema,
  RemoveAttachmentSchema,
]);

export async function proposalPageAction(request: Request, actor: Actor, readable: ReadableProposal) {
  const db = getDb();
  const resource = proposalResource(readable.proposal, readable.network.regionCode);
  // An upload far over the limit is refused before its body is read.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_ATTACHMENT_BYTES + 1024 * 1024) {
    const tooLarge: SubmissionResult<string[]> = { status: "error", error: { attachment: ["El archivo supera el máximo de 10 MB."] } };
    return json({ intent: "attach", result: tooLarge }, { status: 413 });
  }
  const submission = parseWithZod(await request.formData(), { schema: ActionSchema });
  const intent = String(submission.payload.intent ?? "");
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const back = `/propuestas/${readable.proposal.id}`;
  try {
    switch (value.intent) {
      case "details":
        requirePermission(actor, "edit", resource);
        await updateDetails(db, readable, value);
        return redirect(back);
      case "mark-ready":
        requirePermission(actor, "mark_ready", resource);
        if (readable.proposal.status !== "borrador") return redirect(back);
        await changeDraftStatus(db, readable, actor, "lista_para_revision", value.state);
        return redirect(back);
      case "back-to-draft":
        requirePermission(actor, "mark_ready", resource);
        if (readable.proposal.status !== "lista_para_revision") return redirect(back);
        await changeDraftStatus(db, readable, actor, "borrador");
        return redirect(back);
      case "submit":
        requirePermission(actor, "submit", resource);
        await submitProposal(db, readable, actor, value.state);
        // Live editors of this proposal become read-only now, not at their next reconnect.
        await revalidateCollabAccess({ documentName: proposalDocumentName(readable.proposal.id) });
        return redirect(`${back}?enviada=1`);
      case "outcome":
        requirePermission(actor, "record_outcome", resource);
        await recordOutcome(db, readable, actor, value.outcome);
        return redirect(back);
      case "save-version":
        requirePermission(actor, "save_version", resource);
        await saveVersion(db, readable, actor, value.name, value.state);
        return redirect(`${back}#versiones`);
      case "new-thread":
        requirePermission(actor, "comment", resource);
        await createThread(db, readable, actor, value);
        return redirect(`${back}#comentarios`);
      case "reply":
        requirePermission(actor, "comment", resource);
        await replyToThread(db, readable, actor, value);
        return redirect(`${back}#comentarios`);
      case "resolve-thread":
      case "reopen-thread":
        requirePermission(actor, "comment", resource);
        await setThreadResolved(db, readable, actor, value.threadId, value.intent === "resolve-thread");
        return redirect(`${back}#comentarios`);
      case "attach":
        requirePermission(actor, "attach", resource);
        await saveProposalAttachment(db, { id: readable.proposal.id, title: readable.proposal.title, networkId: readable.network.id, requiredAttachments: readable.call.requiredAttachments }, actor.userId, value.requirement, {
          bytes: new Uint8Array(await value.attachment.arrayBuffer()),
          filename: value.attachment.name,
        });
        return redirect(`${back}#adjuntos`);
      case "remove-attachment":
        requirePermission(actor, "attach", resource);
        await removeProposalAttachment(db, readable.proposal, value.attachmentId);
        return redirect(`${back}#adjuntos`);
    }
  } catch (error) {
    if (error instanceof SubmissionRefused) {
      return json({ intent, result: submission.reply({ formErrors: ["No se puede enviar todavía:", ...error.problems.map((p) => p.message)] }) }, { status: 400 });
    }
    if (error instanceof FieldError) return json({ intent, result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
    throw error;
  }
}
