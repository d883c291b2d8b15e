import { parseWithZod } from "@conform-to/zod";
import { json, redirect } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { forbidden, notFound, requirePermission } from "~/auth/session.server";
import { can } from "~/permissions/permissions";
import { entryReviewRefusal } from "~/permissions/rules/goals";
import { todayInChile } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { requireNetworkGoal } from "./access.server.ts";
import { summarizeGoal } from "./board.server.ts";
import { historyFilterFrom, historyMonths, pageOfHistory } from "./entry-history.ts";
import { readEntryFormData, tooBigMessage } from "./evidence.server.ts";
import {
  addEntry,
  deleteEntry,
  deleteGoal,
  entryResource,
  findGoalEntry,
  listActiveMembers,
  listEntries,
  listNetworkGoals,
  listShares,
  replaceEntryEvidence,
  REVIEWED_EVIDENCE_MESSAGE,
  reviewEntry,
  updateEntry,
} from "./goals.server.ts";
import { DeleteEntrySchema, DeleteGoalSchema, EditEntrySchema, EntryFormSchema, ReplaceEvidenceSchema, ReviewEntrySchema } from "./schema.ts";

/* The goal page (/redes/:networkId/metas/:goalId): its data and its forms' action; the route only wires them. */

/** Everything the goal page shows, with what the person may do on each entry. GET only: reads. */
export async function loadGoalPage(request: Request, params: LoaderFunctionArgs["params"]) {
  const { actor, db, network, goal, resource } = await requireNetworkGoal(request, params.networkId, params.goalId);
  requirePermission(actor, "read", resource);
  const today = todayInChile();
  const [row] = (await listNetworkGoals(db, network.id, goal.year)).filter((r) => r.goal.id === goal.id);
  if (!row) throw notFound();
  const entries = (await listEntries(db, [goal.id])).map((e) => ({ ...e.entry, organizationName: e.organizationName, fileReplacedByName: e.fileReplacedByName }));
  const summary = summarizeGoal(row.goal, row.indicatorLabel, await listActiveMembers(db, network.id), await listShares(db, [goal.id]), entries, today);
  const withAbilities = summary.entries.map((e) => ({
    ...e,
    canDelete: can(actor, "delete", entryResource(network, e)),
    canUpdate: can(actor, "update", entryResource(network, e)),
    canValidate: can(actor, "validate", entryResource(network, e)),
    canReplaceEvidence: can(actor, "replace_evidence", entryResource(network, e)),
  }));
  const { entries: _all, ...figures } = summary;
  return {
    network: { id: network.id, name: network.name },
    today,
    summary: figures,
    pendingEntries: withAbilities.filter((e) => e.status === "pending"),
    history: pageOfHistory(withAbilities, historyFilterFrom(new URL(request.url))),
    historyMonths: historyMonths(withAbilities),
    canContribute: can(actor, "contribute", resource) && can(actor, "create", entryResource(network, { organizationId: actor.organizationId, source: "manual", status: "pending" })),
    canEdit: can(actor, "update", resource),
    actorOrganizationName: actor.organizationName,
  };
}

export type GoalPageData = Awaited<ReturnType<typeof loadGoalPage>>;

const ActionSchema = z.discriminatedUnion("intent", [EntryFormSchema, EditEntrySchema, ReviewEntrySchema, DeleteEntrySchema, DeleteGoalSchema, ReplaceEvidenceSchema]);

/** The page's forms (entries, review, evidence, deleting the goal): a redirect, or 400 with the intent and conform's reply. */
export async function submitGoalPage(request: Request, params: LoaderFunctionArgs["params"]) {
  const { actor, db, network, goal, resource } = await requireNetworkGoal(request, params.networkId, params.goalId);
  const { formData, file, fileTooBig } = await readEntryFormData(request);
  const submission = parseWithZod(formData, { schema: ActionSchema });
  const intent = String(submission.payload.intent ?? "");
  const fail = (fieldErrors: Record<string, string[]>) => json({ intent, result: submission.reply({ fieldErrors }) }, { status: 400 });
  if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const back = `/redes/${network.id}/metas/${goal.id}`;
  try {
    if (value.intent === "add-entry") {
      requirePermission(actor, "contribute", resource);
      requirePermission(actor, "create", entryResource(network, { organizationId: actor.organizationId, source: "manual", status: "pending" }));
      if (fileTooBig) return fail({ evidence: [tooBigMessage()] });
      await addEntry(db, goal, actor, value, file);
      return redirect(`${back}?avance=registrado`);
    }
    if (value.intent === "delete-goal") {
      requirePermission(actor, "delete", resource);
      await deleteGoal(db, goal);
      return redirect(`/redes/${network.id}/metas?anio=${goal.year}`);
    }
    const entry = await findGoalEntry(db, goal, value.entryId);
    if (!entry) throw notFound("No encontramos ese avance.");
    if (value.intent === "edit-entry") {
      requirePermission(actor, "update", entryResource(network, entry));
      await updateEntry(db, goal, entry, value);
      return redirect(back);
    }
    if (value.intent === "replace-evidence") {
      // A reviewed entry's file is part of the official record: say so instead of a bare 403.
      if (!can(actor, "replace_evidence", entryResource(network, entry))) throw forbidden(entry.status === "pending" ? undefined : REVIEWED_EVIDENCE_MESSAGE);
      if (fileTooBig) return fail({ evidence: [tooBigMessage()] });
      await replaceEntryEvidence(db, entry, actor, file);
      return redirect(back);
    }
    if (value.intent === "delete-entry") {
      requirePermission(actor, "delete", entryResource(network, entry));
      await deleteEntry(db, entry);
      return redirect(back);
    }
    const refusal = entryReviewRefusal(actor, entryResource(network, entry));
    if (refusal) throw forbidden(refusal);
    await reviewEntry(db, goal, entry, actor, value.intent === "validate-entry" ? "validated" : "rejected", value.reviewNote);
    return redirect(back);
  } catch (error) {
    if (error instanceof FieldError) return fail({ [error.field]: [error.message] });
    throw error;
  }
}
