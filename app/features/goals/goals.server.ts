import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, DbOrTx } from "~/db/client.server";
import { goalEntries, goalIndicators, goalShares, goals, networkMembers, networks, organizations, user } from "~/db/schema";
import type { NetworkRow } from "~/features/networks/networks.server";
import type { Actor } from "~/permissions/actor";
import { FieldError } from "~/utils/errors";
import { isUuid } from "~/utils/ids";
import { deleteStoredFiles, removeLegacyFile, storeFile } from "~/features/uploads/stored-files.server";
import { reconcileActivityContributions } from "./activity-contributions.server.ts";
import { checkEvidenceFile, type CheckedEvidence } from "./evidence.server.ts";
import { notifyEntryReviewed } from "./notifications.server.ts";
import { findOrCreateCustomIndicator, listGoalIndicators } from "./indicators.server.ts";
import { checkMonthlyPlan, checkSplit, formatAmount, splitTarget, type OmilCategoryKey, type Share } from "./progress.ts";
import { CUSTOM_INDICATOR, type EntryForm, type GoalForm } from "./schema.ts";
import { getLogger } from "~/utils/logger.server";
import { recordAudit } from "~/features/audit/record.server";

export type GoalRow = typeof goals.$inferSelect;
export type GoalEntryRow = typeof goalEntries.$inferSelect;

export const goalResource = (network: Pick<NetworkRow, "id" | "regionCode">) => ({ type: "goal" as const, networkId: network.id, regionCode: network.regionCode });
export const entryResource = (network: Pick<NetworkRow, "id" | "regionCode">, entry: Pick<GoalEntryRow, "organizationId" | "source" | "status">) => ({
  type: "goal_entry" as const,
  networkId: network.id,
  regionCode: network.regionCode,
  organizationId: entry.organizationId,
  source: entry.source,
  status: entry.status,
});

/** The goal only if it belongs to this (already authorized) network: a foreign id is a 404. */
export async function findNetworkGoal(db: DbOrTx, networkId: string, goalId: string): Promise<GoalRow | undefined> {
  if (!isUuid(goalId)) return undefined;
  const [row] = await db.select().from(goals).where(and(eq(goals.id, goalId), eq(goals.networkId, networkId)));
  return row;
}

export async function listNetworkGoals(db: DbOrTx, networkId: string, year: number) {
  return db
    .select({ goal: goals, indicatorLabel: goalIndicators.label })
    .from(goals)
    .innerJoin(goalIndicators, eq(goalIndicators.slug, goals.indicatorSlug))
    .where(and(eq(goals.networkId, networkId), eq(goals.year, year)))
    .orderBy(asc(goals.title));
}

/** Years that have goals, plus the current one, newest first. */
export async function listGoalYears(db: DbOrTx, networkId: string, currentYear: number): Promise<number[]> {
  const rows = await db.selectDistinct({ year: goals.year }).from(goals).where(eq(goals.networkId, networkId));
  return [...new Set([currentYear, ...rows.map((r) => r.year)])].sort((a, b) => b - a);
}

/** Active member offices with their category, for splits and per-office progress. */
export async function listActiveMembers(db: DbOrTx, networkId: string) {
  return db
    .select({ organizationId: organizations.id, name: organizations.name, category: organizations.category })
    .from(networkMembers)
    .innerJoin(organizations, eq(organizations.id, networkMembers.organizationId))
    .where(and(eq(networkMembers.networkId, networkId), isNull(networkMembers.leftOn)))
    .orderBy(asc(organizations.name));
}

/** Who coordinates the network today: the networks feature's one rule. */
export { currentCoordinatorId } from "~/features/networks/coordination.server";

export async function listShares(db: DbOrTx, goalIds: string[]): Promise<(Share & { goalId: string })[]> {
  if (goalIds.length === 0) return [];
  return db.select({ goalId: goalShares.goalId, organizationId: goalShares.organizationId, target: goalShares.target }).from(goalShares).where(inArray(goalShares.goalId, goalIds));
}

/** Only what aggregation and charts need: a board reads thousands of these, so no joins or text columns. */
export async function listEntryFacts(db: DbOrTx, goalIds: string[]) {
  if (goalIds.length === 0) return [];
  return db
    .select({
      id: goalEntries.id,
      goalId: goalEntries.goalId,
      organizationId: goalEntries.organizationId,
      value: goalEntries.value,
      occurredOn: goalEntries.occurredOn,
      status: goalEntries.status,
      sourceKey: goalEntries.sourceKey,
    })
    .from(goalEntries)
    .where(inArray(goalEntries.goalId, goalIds));
}

const fileReplacer = alias(user, "file_replacer");

export async function listEntries(db: DbOrTx, goalIds: string[]) {
  if (goalIds.length === 0) return [];
  return db
    .select({ entry: goalEntries, organizationName: organizations.name, fileReplacedByName: fileReplacer.name })
    .from(goalEntries)
    .leftJoin(organizations, eq(organizations.id, goalEntries.organizationId))
    .leftJoin(fileReplacer, eq(fileReplacer.id, goalEntries.fileReplacedBy))
    .where(inArray(goalEntries.goalId, goalIds))
    .orderBy(desc(goalEntries.occurredOn), desc(goalEntries.createdAt));
}

// ---------------------------------------------------------------------------
// Saving a goal

export interface GoalInput {
  form: GoalForm;
  /** Manual split: amounts typed per office (`share.<organizationId>`), already parsed. */
  manualShares: Record<string, number | null>;
}

/** Reads `share.<orgId>` fields; a non-numeric or negative value is a field error. */
export function readManualShares(formData: FormData): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const [key, raw] of formData.entries()) {
    if (!key.startsWith("share.") || typeof raw !== "string") continue;
    const text = raw.trim();
    if (text === "") {
      result[key.slice(6)] = null;
      continue;
    }
    if (!/^\d{1,12}([.,]\d{1,2})?$/.test(text)) throw new FieldError("splitMode", "Cada parte por OMIL debe ser un número mayor o igual a cero, sin separador de miles.");
    result[key.slice(6)] = Number(text.replace(",", "."));
  }
  return result;
}

function monthlyPlanFrom(form: GoalForm) {
  const plan = (form.plan ?? [])
    .map((value, i) => ({ month: `${form.year}-${String(i + 1).padStart(2, "0")}`, value }))
    .filter((p): p is { month: string; value: number } => typeof p.value === "number");
  return plan.length > 0 ? plan : null;
}

async function sharesFor(db: DbOrTx, networkId: string, form: GoalForm, manual: Record<string, number | null>): Promise<Share[]> {
  if (form.splitMode === "none") return [];
  const members = await listActiveMembers(db, networkId);
  if (members.length === 0) throw new FieldError("splitMode", "La red no tiene OMIL miembros activas entre las cuales repartir la meta.");
  const offices = members.map((m) => ({ organizationId: m.organizationId, category: m.category as OmilCategoryKey | null }));
  if (form.splitMode === "equal") return splitTarget(form.target, offices);
  if (form.splitMode === "weighted") {
    return splitTarget(form.target, offices, { basica: form.weightBasica ?? 1, intermedia: form.weightIntermedia ?? 1, avanzada: form.weightAvanzada ?? 1 });
  }
  const memberIds = new Set(members.map((m) => m.organizationId));
  for (const id of Object.keys(manual)) if (!memberIds.has(id)) throw new FieldError("splitMode", "Solo se puede asignar parte de la meta a OMIL miembros de la red.");
  const shares = members.map((m) => ({ organizationId: m.organizationId, target: manual[m.organizationId] ?? 0 }));
  const problem = checkSplit(form.target, shares);
  if (problem) throw new FieldError("splitMode", problem);
  return shares;
}

/**
 * Creates or updates a goal with its split. Everything is checked before the
 * transaction, which writes the goal and replaces its shares at once.
 */
export async function saveGoal(db: Database, network: NetworkRow, existing: GoalRow | null, input: GoalInput, actor: Actor): Promise<GoalRow> {
  const { form } = input;
  const plan = monthlyPlanFrom(form);
  if (plan) {
    const problem = checkMonthlyPlan(form, plan);
    if (problem) throw new FieldError("plan", problem);
  }
  const shares = await sharesFor(db, network.id, form, input.manualShares);
  const indicators = await listGoalIndicators(db);
  const known = indicators.find((i) => i.slug === form.indicatorSlug);
  if (form.indicatorSlug !== CUSTOM_INDICATOR && !known) throw new FieldError("indicatorSlug", "Elige un indicador de la lista.");
  if (existing) {
    const [outside] = await db
      .select({ n: sql<number>`count(*)` })
      .from(goalEntries)
      .where(and(eq(goalEntries.goalId, existing.id), sql`(${goalEntries.occurredOn} < ${form.periodStart} or ${goalEntries.occurredOn} > ${form.periodEnd})`));
    if (Number(outside?.n ?? 0) > 0) throw new FieldError("periodStart", "Hay avances registrados fuera del nuevo período: ajusta las fechas o elimina esos avances primero.");
  }
  return db.transaction(async (tx) => {
    const indicator = form.indicatorSlug === CUSTOM_INDICATOR ? await findOrCreateCustomIndicator(tx, form.customIndicatorLabel ?? "", form.unit ?? "") : known!;
    const values = {
      title: form.title,
      indicatorSlug: indicator.slug,
      unit: form.unit || indicator.unit,
      target: form.target,
      baseline: form.baseline ?? 0,
      year: form.year,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      monthlyPlan: plan,
      categoryWeights:
        form.splitMode === "weighted" ? { basica: form.weightBasica ?? 1, intermedia: form.weightIntermedia ?? 1, avanzada: form.weightAvanzada ?? 1 } : null,
    };
    const [goal] = existing
      ? await tx
          .update(goals)
          .set({ ...values, updatedAt: sql`now()` })
          .where(eq(goals.id, existing.id))
          .returning()
      : await tx
          .insert(goals)
          .values({ ...values, networkId: network.id, createdBy: actor.userId })
          .returning();
    await tx.delete(goalShares).where(eq(goalShares.goalId, goal.id));
    if (shares.length) await tx.insert(goalShares).values(shares.map((s) => ({ goalId: goal.id, organizationId: s.organizationId, target: s.target })));
    // A new goal (or a new indicator or period) counts the realized activities' results at once.
    await reconcileActivityContributions(tx, network.id);
    await recordAudit(tx, { action: existing ? "goal.updated" : "goal.created", resource: goalAuditResource(goal), networkId: network.id, regionCode: network.regionCode, actor, details: { meta: goal.target, anio: goal.year } });
    return goal;
  });
}

/** Deletes a goal; its entries go with it (cascade) and their evidence files in the same transaction. */
export async function deleteGoal(db: Database, goal: GoalRow): Promise<void> {
  const withFiles = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ fileId: goalEntries.fileId, filePath: goalEntries.filePath })
      .from(goalEntries)
      .where(and(eq(goalEntries.goalId, goal.id), sql`(${goalEntries.fileId} is not null or ${goalEntries.filePath} is not null)`))
      .for("update");
    await tx.delete(goals).where(eq(goals.id, goal.id));
    await recordAudit(tx, { action: "goal.deleted", resource: goalAuditResource(goal), networkId: goal.networkId });
    await deleteStoredFiles(
      tx,
      rows.map((r) => r.fileId),
    );
    return rows;
  });
  for (const e of withFiles) if (!e.fileId) await removeLegacyFile(e.filePath);
}

// ---------------------------------------------------------------------------
// Entries

/** Records an office's progress. The file is checked first, then stored with the row in one transaction. */
export async function addEntry(db: Database, goal: GoalRow, actor: Actor, form: EntryForm, file: File | null): Promise<GoalEntryRow> {
  checkEntryValues(goal, form);
  const evidence: CheckedEvidence | null = await checkEvidenceFile(file);
  return db.transaction(async (tx) => {
    const fileId = evidence ? await storeFile(tx, evidence.bytes, evidence.mime) : null;
    const [row] = await tx
      .insert(goalEntries)
      .values({
        goalId: goal.id,
        networkId: goal.networkId,
        organizationId: actor.organizationId,
        value: form.value,
        occurredOn: form.occurredOn,
        note: form.note,
        link: form.link ?? null,
        fileName: evidence?.fileName ?? null,
        fileMime: evidence?.mime ?? null,
        fileSize: evidence?.bytes.byteLength ?? null,
        fileId,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, { action: "goal_entry.created", resource: entryAuditResource(goal, row), networkId: goal.networkId, actor, details: { valor: row.value, fecha: row.occurredOn, respaldo: !!fileId } });
    return row;
  });
}

function checkEntryValues(goal: GoalRow, form: Pick<EntryForm, "occurredOn" | "value">) {
  if (form.occurredOn < goal.periodStart || form.occurredOn > goal.periodEnd) {
    throw new FieldError("occurredOn", `La fecha debe estar dentro del período de la meta (${dayLabel(goal.periodStart)} al ${dayLabel(goal.periodEnd)}).`);
  }
  if (form.value <= 0) throw new FieldError("value", "El avance debe ser mayor que cero.");
}

/** Corrects a pending entry; it stays pending (the caller checked it is the office's own). */
export async function updateEntry(db: Database, goal: GoalRow, entry: GoalEntryRow, form: Omit<EntryForm, "intent">): Promise<void> {
  checkEntryValues(goal, form);
  await db
    .update(goalEntries)
    .set({ value: form.value, occurredOn: form.occurredOn, note: form.note, link: form.link ?? null, updatedAt: sql`now()` })
    .where(and(eq(goalEntries.id, entry.id), eq(goalEntries.status, "pending")));
}

export async function findGoalEntry(db: DbOrTx, goal: GoalRow, entryId: string): Promise<GoalEntryRow | undefined> {
  if (!isUuid(entryId)) return undefined;
  const [row] = await db.select().from(goalEntries).where(and(eq(goalEntries.id, entryId), eq(goalEntries.goalId, goal.id)));
  return row;
}

export async function deleteEntry(db: Database, entry: GoalEntryRow): Promise<void> {
  const deleted = await db.transaction(async (tx) => {
    const [row] = await tx.delete(goalEntries).where(eq(goalEntries.id, entry.id)).returning({ fileId: goalEntries.fileId, filePath: goalEntries.filePath });
    if (row) await deleteStoredFiles(tx, [row.fileId]);
    if (row) await recordAudit(tx, { action: "goal_entry.deleted", resource: { type: "goal_entry", id: entry.id, label: `Avance de ${formatAmount(entry.value)} (${dayLabel(entry.occurredOn)})` }, networkId: entry.networkId, details: { valor: entry.value } });
    return row;
  });
  if (deleted && !deleted.fileId) await removeLegacyFile(deleted.filePath);
}

/**
 * Replaces the evidence file of a pending entry. The new file is checked
 * first; then one transaction locks the row, re-checks it is still pending,
 * stores the new bytes, points the row to them and deletes the old bytes. A
 * failure leaves the old file and row as they were. An old file still on disk
 * (before decision 0072) is removed after the commit.
 */
export async function replaceEntryEvidence(db: Database, entry: GoalEntryRow, actor: Actor, file: File | null): Promise<GoalEntryRow> {
  const evidence = await checkEvidenceFile(file);
  if (!evidence) throw new FieldError("evidence", "Elige el archivo que reemplaza al respaldo actual.");
  const { oldPath, row } = await db.transaction(async (tx) => {
    const [current] = await tx.select({ status: goalEntries.status, fileId: goalEntries.fileId, filePath: goalEntries.filePath }).from(goalEntries).where(eq(goalEntries.id, entry.id)).for("update");
    if (!current) throw new FieldError("evidence", "Ese avance ya no existe.");
    if (current.status !== "pending") throw new FieldError("evidence", REVIEWED_EVIDENCE_MESSAGE);
    const fileId = await storeFile(tx, evidence.bytes, evidence.mime);
    const [updated] = await tx
      .update(goalEntries)
      .set({
        fileName: evidence.fileName,
        fileMime: evidence.mime,
        fileSize: evidence.bytes.byteLength,
        fileId,
        filePath: null,
        fileReplacedAt: sql`now()`,
        fileReplacedBy: actor.userId,
        updatedAt: sql`now()`,
      })
      .where(eq(goalEntries.id, entry.id))
      .returning();
    await deleteStoredFiles(tx, [current.fileId]);
    await recordAudit(tx, { action: "goal_entry.evidence_replaced", resource: { type: "goal_entry", id: entry.id, label: `Avance de ${formatAmount(entry.value)} (${dayLabel(entry.occurredOn)})` }, networkId: entry.networkId, actor, details: { archivo: evidence.fileName } });
    return { oldPath: current.fileId ? null : current.filePath, row: updated };
  });
  // The replacement is committed: a legacy file that cannot be removed is only an orphan, not a failed request.
  if (oldPath) await removeLegacyFile(oldPath).catch((error: unknown) => getLogger().warn({ err: error }, `[metas] no se pudo borrar el respaldo reemplazado ${oldPath}`));
  return row;
}

const goalAuditResource = (goal: GoalRow) => ({ type: "goal" as const, id: goal.id, label: goal.title });
const entryAuditResource = (goal: GoalRow, entry: GoalEntryRow) => ({ type: "goal_entry" as const, id: entry.id, label: `${goal.title}: ${formatAmount(entry.value)} (${dayLabel(entry.occurredOn)})` });

export const REVIEWED_EVIDENCE_MESSAGE = "Este avance ya fue revisado: su respaldo es parte del registro oficial y no se puede reemplazar.";

/**
 * Validates or rejects an entry and notifies its office, in one transaction.
 * Only a change of status counts: repeating the same decision (a double
 * click, a second reviewer at the same time) changes nothing and notifies no one.
 * Returns whether the status changed.
 */
export async function reviewEntry(db: Database, goal: GoalRow, entry: GoalEntryRow, actor: Actor, decision: "validated" | "rejected", note: string): Promise<boolean> {
  if (decision === "rejected" && !note) throw new FieldError("reviewNote", "Indica el motivo del rechazo para que la OMIL pueda corregirlo.");
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(goalEntries)
      .set({ status: decision, reviewedBy: actor.userId, reviewedAt: sql`now()`, reviewNote: note, updatedAt: sql`now()` })
      .where(and(eq(goalEntries.id, entry.id), ne(goalEntries.status, decision)))
      .returning();
    if (!updated) return false;
    await notifyEntryReviewed(tx, goal, updated, actor);
    await recordAudit(tx, { action: decision === "validated" ? "goal_entry.validated" : "goal_entry.rejected", resource: entryAuditResource(goal, updated), networkId: goal.networkId, actor, details: { valor: updated.value, motivo: note || null } });
    return true;
  });
}

export function dayLabel(isoDay: string): string {
  const [y, m, d] = isoDay.split("-");
  return `${d}-${m}-${y}`;
}

export function describeTarget(goal: Pick<GoalRow, "target" | "unit">): string {
  return `${formatAmount(goal.target)} ${goal.unit}`;
}

/** Networks of a region with their names, for the regional overview. */
export async function listRegionNetworks(db: DbOrTx, regionCode: string) {
  return db.select({ id: networks.id, name: networks.name, regionCode: networks.regionCode }).from(networks).where(eq(networks.regionCode, regionCode)).orderBy(asc(networks.name));
}
