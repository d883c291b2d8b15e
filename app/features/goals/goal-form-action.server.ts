import { parseWithZod } from "@conform-to/zod";
import { json, redirect } from "@remix-run/node";
import type { Database } from "~/db/client.server";
import type { NetworkRow } from "~/features/networks/networks.server";
import type { Actor } from "~/permissions/actor";
import { FieldError } from "~/utils/errors";
import { listGoalIndicators } from "./indicators.server.ts";
import { listActiveMembers, listShares, readManualShares, saveGoal, type GoalRow } from "./goals.server.ts";
import type { GoalFormDefaults } from "./goal-form.tsx";
import { GoalFormSchema } from "./schema.ts";

/** The create and edit actions: parse, save in one transaction, or answer 400 keeping what was typed. */
export async function submitGoalForm(request: Request, db: Database, network: NetworkRow, existing: GoalRow | null, actor: Actor) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: GoalFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const goal = await saveGoal(db, network, existing, { form: submission.value, manualShares: readManualShares(formData) }, actor);
    return redirect(`/redes/${network.id}/metas/${goal.id}`);
  } catch (error) {
    if (error instanceof FieldError) return json({ result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
    throw error;
  }
}

export async function goalFormOptions(db: Database, networkId: string) {
  const [indicators, members] = await Promise.all([listGoalIndicators(db), listActiveMembers(db, networkId)]);
  return { indicators: indicators.map((i) => ({ slug: i.slug, label: i.label, unit: i.unit })), members };
}

const amountText = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n).replace(".", ","));

/** An existing goal as the form's default values. */
export async function goalFormDefaults(db: Database, goal: GoalRow): Promise<GoalFormDefaults> {
  const shares = await listShares(db, [goal.id]);
  const plan = Array.from({ length: 12 }, (_, i) => amountText(goal.monthlyPlan?.find((p) => p.month === `${goal.year}-${String(i + 1).padStart(2, "0")}`)?.value));
  const weights = goal.categoryWeights;
  return {
    title: goal.title,
    indicatorSlug: goal.indicatorSlug,
    unit: goal.unit,
    target: amountText(goal.target),
    baseline: goal.baseline ? amountText(goal.baseline) : "",
    year: String(goal.year),
    periodStart: goal.periodStart,
    periodEnd: goal.periodEnd,
    splitMode: weights ? "weighted" : shares.length ? "manual" : "none",
    weightBasica: amountText(weights?.basica),
    weightIntermedia: amountText(weights?.intermedia),
    weightAvanzada: amountText(weights?.avanzada),
    plan,
    share: Object.fromEntries(shares.map((s) => [s.organizationId, amountText(s.target)])),
  };
}
