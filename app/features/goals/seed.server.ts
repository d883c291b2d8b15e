import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { goalEntries, goalShares, goals, networkCoordinators, networkMembers, networks, organizations } from "~/db/schema";
import type { DemoContext } from "~/features/seed/steps.server";
import { todayInChile } from "~/utils/dates";
import { syncActivityContributions } from "./activity-contributions.server.ts";
import { loadGoalIndicators } from "./indicators.server.ts";
import { expectedByDate, splitTarget, type OmilCategoryKey } from "./progress.ts";

/*
 * Demo goals: this year's goals for the demo network (placements, employer
 * contacts, fairs, workshops) with monthly entries from each office — the last
 * weeks still pending validation, employer contacts at risk — and a second
 * Ñuble network (Diguillín) so the regional view compares something.
 */

export const SECOND_DEMO_NETWORK_NAME = "Red Territorial Diguillín";

type Office = { organizationId: string; category: OmilCategoryKey | null };
interface GoalSpec {
  title: string;
  indicatorSlug: string;
  unit: string;
  target: number;
  baseline: number;
  split: "none" | "equal" | { basica: number; intermedia: number; avanzada: number };
  /** How far ahead (>1) or behind (<1) of the expected pace each office reports. */
  pace: number;
  /** An office that lags behind its share. */
  laggingOfficeIndex?: number;
}

async function upsertOmil(db: Database, name: string, comunaCode: string, category: OmilCategoryKey) {
  const [existing] = await db.select().from(organizations).where(and(eq(organizations.kind, "omil"), eq(organizations.comunaCode, comunaCode)));
  if (existing) return existing;
  const [row] = await db.insert(organizations).values({ kind: "omil", name, comunaCode, regionCode: "16", category }).returning();
  return row;
}

async function ensureDiguillinNetwork(db: Database, year: number) {
  const bulnes = await upsertOmil(db, "OMIL Bulnes", "16102", "avanzada");
  const chillanViejo = await upsertOmil(db, "OMIL Chillán Viejo", "16103", "intermedia");
  const pinto = await upsertOmil(db, "OMIL Pinto", "16106", "basica");
  let [network] = await db.select().from(networks).where(eq(networks.name, SECOND_DEMO_NETWORK_NAME));
  if (!network) {
    [network] = await db
      .insert(networks)
      .values({ name: SECOND_DEMO_NETWORK_NAME, regionCode: "16", description: "Red de las OMIL de la provincia de Diguillín, región de Ñuble." })
      .returning();
    for (const org of [bulnes, chillanViejo, pinto]) {
      await db.insert(networkMembers).values({ networkId: network.id, organizationId: org.id, joinedOn: `${year - 1}-04-01` });
    }
  }
  const [coordinator] = await db.select().from(networkCoordinators).where(and(eq(networkCoordinators.networkId, network.id), isNull(networkCoordinators.endedOn)));
  if (!coordinator) {
    await db.insert(networkCoordinators).values({ networkId: network.id, organizationId: bulnes.id, year, startedOn: `${year}-01-01`, note: "Primera coordinación de la red." });
  }
  return network;
}

async function activeOffices(db: Database, networkId: string): Promise<Office[]> {
  const rows = await db
    .select({ organizationId: organizations.id, category: organizations.category })
    .from(networkMembers)
    .innerJoin(organizations, eq(organizations.id, networkMembers.organizationId))
    .where(and(eq(networkMembers.networkId, networkId), isNull(networkMembers.leftOn)))
    .orderBy(organizations.name);
  return rows.map((r) => ({ organizationId: r.organizationId, category: r.category }));
}

/**
 * Monthly validated entries on the 15th (or today) so each office's validated
 * total follows `pace` × its expected part, plus one recent entry per office
 * still pending validation (on top, so the status does not depend on the date).
 */
function entriesFor(goalRow: typeof goals.$inferSelect, shares: { organizationId: string; target: number }[], spec: GoalSpec, today: string) {
  const rows: (typeof goalEntries.$inferInsert)[] = [];
  const base = { goalId: goalRow.id, networkId: goalRow.networkId };
  shares.forEach((share, index) => {
    const pace = index === spec.laggingOfficeIndex ? spec.pace * 0.55 : spec.pace;
    let reported = 0;
    for (let month = 1; month <= 12; month++) {
      const day = minDay(`${goalRow.year}-${String(month).padStart(2, "0")}-15`, today);
      if (day < goalRow.periodStart) continue;
      const expectedPart = (expectedByDate(goalRow, day) * share.target) / goalRow.target;
      const value = Math.round(expectedPart * pace - reported);
      if (value > 0) {
        rows.push({ ...base, organizationId: share.organizationId, value, occurredOn: day, note: `Registro mensual (${monthName(Number(day.slice(5, 7)))}).`, status: "validated", reviewedAt: new Date(`${day}T18:00:00Z`) });
        reported += value;
      }
      if (day === today) break;
    }
    const recent = Math.max(1, Math.round(share.target * 0.04));
    rows.push({ ...base, organizationId: share.organizationId, value: recent, occurredOn: today, note: "Avance de las últimas semanas, por validar.", status: "pending" });
  });
  return rows;
}

const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
const monthName = (m: number) => MONTHS[m - 1];
const minDay = (a: string, b: string) => (a < b ? a : b);

async function seedNetworkGoals(db: Database, networkId: string, year: number, specs: GoalSpec[], today: string) {
  const [any] = await db.select({ id: goals.id }).from(goals).where(and(eq(goals.networkId, networkId), eq(goals.year, year))).limit(1);
  if (any) return;
  const offices = await activeOffices(db, networkId);
  for (const spec of specs) {
    await db.transaction(async (tx) => {
      const [goalRow] = await tx
        .insert(goals)
        .values({
          networkId,
          year,
          title: spec.title,
          indicatorSlug: spec.indicatorSlug,
          unit: spec.unit,
          target: spec.target,
          baseline: spec.baseline,
          periodStart: `${year}-01-01`,
          periodEnd: `${year}-12-31`,
          categoryWeights: typeof spec.split === "object" ? spec.split : null,
        })
        .returning();
      const shares = spec.split === "none" ? splitTarget(spec.target, offices) : splitTarget(spec.target, offices, spec.split === "equal" ? {} : spec.split);
      if (spec.split !== "none") await tx.insert(goalShares).values(shares.map((s) => ({ goalId: goalRow.id, ...s })));
      const entries = entriesFor(goalRow, shares, spec, today);
      if (entries.length) await tx.insert(goalEntries).values(entries);
    });
  }
}

/** `today` is a parameter so tests can seed a fixed point of the year. */
export async function seedGoals(context: DemoContext, today: string = todayInChile()): Promise<void> {
  const { db, network, year } = context;
  await loadGoalIndicators(db);
  await seedNetworkGoals(
    db,
    network.id,
    year,
    [
      { title: "Personas colocadas en empleos formales", indicatorSlug: "colocados", unit: "personas", target: 180, baseline: 152, split: { avanzada: 3, intermedia: 2, basica: 1 }, pace: 1.08, laggingOfficeIndex: 2 },
      { title: "Empresas contactadas por la red", indicatorSlug: "contactos-empresas", unit: "empresas", target: 120, baseline: 95, split: "equal", pace: 0.86 },
      { title: "Ferias laborales intercomunales", indicatorSlug: "ferias-laborales", unit: "ferias", target: 4, baseline: 2, split: "none", pace: 1.1 },
      { title: "Talleres de apresto laboral", indicatorSlug: "talleres-apresto", unit: "talleres", target: 24, baseline: 14, split: "equal", pace: 1.02 },
    ],
    today,
  );
  const second = await ensureDiguillinNetwork(db, year);
  await seedNetworkGoals(
    db,
    second.id,
    year,
    [
      { title: "Personas colocadas", indicatorSlug: "colocados", unit: "personas", target: 150, baseline: 130, split: "equal", pace: 0.62 },
      { title: "Contactos con empresas del territorio", indicatorSlug: "contactos-empresas", unit: "empresas", target: 100, baseline: 80, split: "equal", pace: 1.1 },
      { title: "Talleres de apresto laboral", indicatorSlug: "talleres-apresto", unit: "talleres", target: 18, baseline: 10, split: "none", pace: 1 },
    ],
    today,
  );
  // The demo activities' results (seeded before the goals) count at once, as a real save would.
  await syncActivityContributions(db, [network.id, second.id]);
  context.log.info(`[demo] Metas ${year}: ${network.name} y ${SECOND_DEMO_NETWORK_NAME}.`);
}
