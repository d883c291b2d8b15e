import * as Y from "yjs";
import type { Database } from "~/db/client.server";
import { proposalCalls, proposals, type CallRules, type CallSection } from "~/db/schema";
import { appendBudgetRow, paragraphsJson, writeSectionJson } from "~/editor/proposal-doc";
import { closingInstant } from "~/features/proposals/deadline";
import { appendProposalUpdate } from "~/features/proposals/document.server";
import { todayInChile } from "~/utils/dates";

/* Calls and proposals for the proposals feature's integration tests. */

export const SECTIONS: CallSection[] = [
  { key: "diagnostico", title: "Diagnóstico", guidance: "Con datos.", maxCharacters: 200, required: true },
  { key: "objetivos", title: "Objetivos", guidance: "", maxCharacters: 100, required: true },
];
export const RULES: CallRules = { requiredSections: true, characterLimits: true, budgetWithinMaximum: true, noRepeatedThemeFromPreviousYear: true };

function shiftDays(days: number) {
  const d = new Date(`${todayInChile()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function createCall(db: Database, publisherOrgId: string, values: Partial<typeof proposalCalls.$inferInsert> = {}) {
  const year = values.year ?? Number(todayInChile().slice(0, 4));
  const [call] = await db
    .insert(proposalCalls)
    .values({
      name: `Fondo de prueba ${year} ${crypto.randomUUID().slice(0, 6)}`,
      year,
      opensOn: shiftDays(-10),
      closesAt: closingInstant(shiftDays(10)),
      eligibleRegionCodes: ["16"],
      sections: SECTIONS,
      requiredAttachments: ["Carta de compromiso"],
      maxBudget: 1_000_000,
      rules: RULES,
      publishedByOrganizationId: publisherOrgId,
      ...values,
    })
    .returning();
  return call;
}

export async function createProposal(db: Database, networkId: string, callId: string, values: Partial<typeof proposals.$inferInsert> = {}) {
  const [row] = await db
    .insert(proposals)
    .values({ networkId, callId, title: "Propuesta de prueba", themeSlug: "apresto-laboral", responsibleOrganizationIds: [], ...values })
    .returning();
  return row;
}

/** Writes sections and budget rows into the stored document, as the collab server would after an edit. */
export async function writeStoredDocument(db: Database, proposalId: string, texts: Record<string, string>, budget: { item: string; amount: string }[] = []) {
  const doc = new Y.Doc();
  for (const [key, text] of Object.entries(texts)) writeSectionJson(doc, key, paragraphsJson(text));
  for (const row of budget) appendBudgetRow(doc, { ...row, description: "" });
  await appendProposalUpdate(db, proposalId, Y.encodeStateAsUpdate(doc));
  return doc;
}
