import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import { proposalCalls, proposalComments, proposalCommentThreads, proposals, proposalVersions, user, type CallRules, type CallSection } from "~/db/schema";
import { appendBudgetRow, paragraphsJson, writeSectionJson } from "~/editor/proposal-doc";
import type { DemoContext } from "~/features/seed/steps.server";
import { todayInChile } from "~/utils/dates";
import { closingInstant } from "./deadline.ts";
import { appendProposalUpdate, contentOf } from "./document.server.ts";

/*
 * Demo data: last year's call with the network's awarded application (theme
 * "ferias-laborales"), this year's open call, and the network's draft on the
 * same theme — so the same-theme rule shows in the rules panel — partly
 * written by San Carlos and San Fabián, with a comment thread and a version.
 */

const SECTIONS: CallSection[] = [
  { key: "diagnostico", title: "Diagnóstico del territorio", guidance: "Describe la situación del empleo en las comunas de la red y el problema que el proyecto aborda, con datos.", maxCharacters: 1500, required: true },
  { key: "objetivos", title: "Objetivos", guidance: "Un objetivo general y hasta tres específicos, medibles.", maxCharacters: 800, required: true },
  { key: "actividades", title: "Actividades y calendario", guidance: "Qué hará cada OMIL, cuándo y con quién.", maxCharacters: 2000, required: true },
  { key: "sostenibilidad", title: "Sostenibilidad", guidance: "Cómo seguirá el trabajo cuando termine el financiamiento.", maxCharacters: 1000, required: false },
];
const RULES: CallRules = { requiredSections: true, characterLimits: true, budgetWithinMaximum: true, noRepeatedThemeFromPreviousYear: true };
const ATTACHMENTS = ["Carta de compromiso de cada municipio", "Cotizaciones de los ítems sobre $500.000"];

function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An edit session of one office: its own Yjs client, as if typed in its browser. */
function officeEdit(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  edit(doc);
  const update = Y.encodeStateAsUpdate(doc, before);
  Y.applyUpdate(base, update);
  return update;
}

async function userIdByEmail(db: DemoContext["db"], email: string) {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.email, email));
  return row?.id ?? null;
}

async function ensureCall(db: DemoContext["db"], values: typeof proposalCalls.$inferInsert) {
  const [existing] = await db.select().from(proposalCalls).where(and(eq(proposalCalls.name, values.name), eq(proposalCalls.year, values.year)));
  if (existing) return { call: existing, created: false };
  const [call] = await db.insert(proposalCalls).values(values).returning();
  return { call, created: true };
}

export async function seedProposals({ db, network, organizations: orgs, year, log }: DemoContext) {
  const today = todayInChile();
  const sanCarlosUser = await userIdByEmail(db, "omil.sancarlos@demo.redomil.cl");
  const sanFabianUser = await userIdByEmail(db, "omil.sanfabian@demo.redomil.cl");

  const previous = await ensureCall(db, {
    name: `Fondo Concursable para Redes Territoriales OMIL ${year - 1}`,
    year: year - 1,
    description: "Financia proyectos conjuntos de las OMIL de una red territorial.",
    opensOn: `${year - 1}-04-01`,
    closesAt: closingInstant(`${year - 1}-05-15`),
    eligibleRegionCodes: ["16"],
    sections: SECTIONS,
    requiredAttachments: ATTACHMENTS,
    maxBudget: 8_000_000,
    rules: RULES,
    publishedByOrganizationId: orgs.nc.id,
  });
  if (previous.created) {
    const doc = new Y.Doc();
    officeEdit(doc, (d) => {
      writeSectionJson(d, "diagnostico", paragraphsJson("Las comunas de Punilla no tenían ferias laborales propias: las personas viajaban a Chillán."));
      writeSectionJson(d, "objetivos", paragraphsJson("Realizar dos ferias laborales intercomunales en San Carlos y Ñiquén."));
      writeSectionJson(d, "actividades", paragraphsJson("Mayo: convocatoria a empresas.\nAgosto: primera feria en San Carlos.\nNoviembre: segunda feria en Ñiquén."));
      appendBudgetRow(d, { item: "Arriendo de carpas y sonido", description: "Dos ferias", amount: "2.400.000" });
      appendBudgetRow(d, { item: "Difusión en radios locales", description: "Cuñas radiales", amount: "900.000" });
    });
    const state = Y.encodeStateAsUpdate(doc);
    const content = contentOf(doc, SECTIONS);
    const [awarded] = await db
      .insert(proposals)
      .values({
        networkId: network.id,
        callId: previous.call.id,
        title: "Ferias laborales intercomunales de Punilla",
        themeSlug: "ferias-laborales",
        responsibleOrganizationIds: [orgs.sanCarlos.id, orgs.niquen.id],
        status: "adjudicada",
        content,
        submittedState: state,
        submittedContent: content,
        submittedAt: closingInstant(`${year - 1}-05-14`),
        submittedByUserId: sanCarlosUser,
      })
      .returning();
    await appendProposalUpdate(db, awarded.id, state);
  }

  const current = await ensureCall(db, {
    name: `Fondo Concursable para Redes Territoriales OMIL ${year}`,
    year,
    description: "Segunda versión del fondo: proyectos conjuntos de las OMIL de una red territorial, con foco en territorios rurales.",
    opensOn: addDays(today, -20),
    closesAt: closingInstant(addDays(today, 21)),
    eligibleRegionCodes: ["16", "08", "07"],
    sections: SECTIONS,
    requiredAttachments: ATTACHMENTS,
    maxBudget: 8_000_000,
    rules: RULES,
    publishedByOrganizationId: orgs.nc.id,
  });
  if (!current.created) return;

  const [draft] = await db
    .insert(proposals)
    .values({
      networkId: network.id,
      callId: current.call.id,
      title: "Ruta del empleo rural de Punilla",
      // Same theme as last year's awarded application: the rules panel flags it.
      themeSlug: "ferias-laborales",
      responsibleOrganizationIds: [orgs.sanCarlos.id, orgs.sanFabian.id],
      createdByUserId: sanCarlosUser,
    })
    .returning();
  const doc = new Y.Doc();
  // San Carlos writes the diagnosis and objectives; San Fabián starts the activities and the budget.
  await appendProposalUpdate(
    db,
    draft.id,
    officeEdit(doc, (d) => {
      writeSectionJson(d, "diagnostico", paragraphsJson("En San Fabián y Ñiquén gran parte de las personas que buscan empleo vive en sectores rurales sin transporte diario a la OMIL.\nLa red atiende hoy solo a quienes pueden viajar a la cabecera comunal."));
      writeSectionJson(d, "objetivos", paragraphsJson("Acercar la intermediación laboral a los sectores rurales de la provincia mediante atención itinerante coordinada por la red."));
    }),
  );
  await appendProposalUpdate(
    db,
    draft.id,
    officeEdit(doc, (d) => {
      writeSectionJson(d, "actividades", paragraphsJson("Marzo: calendario de rondas por sector, acordado en la reunión mensual de la red."));
      appendBudgetRow(d, { item: "Arriendo de vehículo", description: "Rondas quincenales durante seis meses", amount: "3.600.000" });
      appendBudgetRow(d, { item: "Notebook y conexión móvil", description: "Para registrar en la BNE desde terreno", amount: "850.000" });
      appendBudgetRow(d, { item: "Materiales de difusión", description: "Afiches para sedes vecinales", amount: "por definir" });
    }),
  );
  const content = contentOf(doc, SECTIONS);
  await db.update(proposals).set({ content }).where(eq(proposals.id, draft.id));
  await db.insert(proposalVersions).values({ proposalId: draft.id, name: "Primer borrador conjunto", kind: "manual", state: Y.encodeStateAsUpdate(doc), content, createdByUserId: sanCarlosUser });
  const [thread] = await db
    .insert(proposalCommentThreads)
    .values({ proposalId: draft.id, sectionKey: "actividades", quote: "calendario de rondas por sector", createdByUserId: sanFabianUser })
    .returning();
  await db.insert(proposalComments).values([
    { threadId: thread.id, authorUserId: sanFabianUser, body: "¿Incluimos las rondas de invierno? En julio algunos caminos quedan cortados." },
    { threadId: thread.id, authorUserId: sanCarlosUser, body: "Sí, pero con fechas alternativas. Lo agrego esta semana." },
  ]);
  log.info("[demo] Propuestas: convocatoria abierta, borrador de la red y postulación adjudicada del año anterior.");
}
