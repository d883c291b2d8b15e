import { asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { proposalCalls, regions, type ProposalCallRow } from "~/db/schema";
import type { Actor } from "~/permissions/actor";
import { isUuid } from "~/utils/ids";
import { todayInChile } from "~/utils/dates";
import { closingInstant } from "./deadline.ts";
import type { CallForm } from "./schema.ts";

export async function listCalls(db: DbOrTx) {
  return db.select().from(proposalCalls).orderBy(desc(proposalCalls.year), asc(proposalCalls.closesAt));
}

export async function findCall(db: DbOrTx, id: string): Promise<ProposalCallRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(proposalCalls).where(eq(proposalCalls.id, id));
  return row;
}

/** Open now: opened on or before today in Chile and not yet closed. */
export function isCallOpen(call: Pick<ProposalCallRow, "opensOn" | "closesAt">, now = new Date()): boolean {
  return call.opensOn <= todayInChile(now) && call.closesAt.getTime() > now.getTime();
}

export async function createCall(db: DbOrTx, actor: Actor, form: CallForm) {
  const [row] = await db
    .insert(proposalCalls)
    .values({
      name: form.name,
      year: form.year,
      description: form.description,
      opensOn: form.opensOn,
      closesAt: closingInstant(form.closesOn),
      eligibleRegionCodes: form.eligibleRegionCodes,
      sections: form.sections.map((s, i) => ({ key: `s${i + 1}`, title: s.title, guidance: s.guidance, maxCharacters: s.maxCharacters, required: s.required })),
      requiredAttachments: form.requiredAttachments,
      maxBudget: form.maxBudget,
      rules: {
        requiredSections: true,
        characterLimits: true,
        budgetWithinMaximum: true,
        noRepeatedThemeFromPreviousYear: form.noRepeatedTheme,
      },
      publishedByOrganizationId: actor.organizationId,
    })
    .returning();
  return row;
}

export async function regionOptions(db: DbOrTx) {
  return db.select({ value: regions.code, label: regions.name }).from(regions).orderBy(asc(regions.code));
}
