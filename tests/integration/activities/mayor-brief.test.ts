import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goalEntries } from "~/db/schema";
import { action as newActivityAction } from "~/routes/actividades.nueva";
import { loader as activityLoader } from "~/routes/actividades.$activityId._index";
import { action as goalAction } from "~/routes/redes.$networkId_.metas.$goalId._index";
import { loader as boardLoader } from "~/routes/redes.$networkId_.metas._index";
import { action as newGoalAction } from "~/routes/redes.$networkId_.metas.nueva";
import { currentYearInChile } from "~/utils/dates";
import { requestFor } from "../../factories/rows";
import { responseOf } from "../../setup/route-context";
import { dayFromToday, routeContext as context, setupNetworks } from "./helpers";

/*
 * The mayor brief counts what the board counts: validated progress, with
 * pending contributions apart. Eight contributions of one to a goal of four,
 * four validated, read "4 de 4 (100 %) · 4 pendientes", never "8 de 4 (200 %)".
 */

type Setup = Awaited<ReturnType<typeof setupNetworks>>;
type BoardGoal = { goal: { id: string; target: number }; validated: number; pending: number; validatedPercent: number };
type BriefGoal = { id: string; target: number; validated: number; pending: number; validatedPercent: number };
const year = currentYearInChile();

describe("mayor brief: validated figures only, pending apart", () => {
  let s: Setup;
  let goalId: string;
  let briefingId: string;

  beforeAll(async () => {
    s = await setupNetworks();
    const { netA, people } = s;
    const created = await responseOf(
      newGoalAction({
        request: requestFor(`/redes/${netA.id}/metas/nueva`, {
          cookie: people.coordinator.cookie,
          form: { title: "Ferias laborales", indicatorSlug: "colocados", target: "4", year: String(year), periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, splitMode: "none" },
        }),
        params: { networkId: netA.id },
        context,
      }),
    );
    expect(created.status).toBe(302);
    goalId = created.headers.get("location")!.split("/").pop()!;

    const post = (cookie: string, form: Record<string, string>) =>
      responseOf(goalAction({ request: requestFor(`/redes/${netA.id}/metas/${goalId}`, { cookie, form }), params: { networkId: netA.id, goalId }, context }));
    for (let i = 0; i < 8; i++) {
      expect((await post(people.sanFabian.cookie, { intent: "add-entry", value: "1", occurredOn: `${year}-01-1${i}`, note: `Feria ${i}` })).status).toBe(302);
    }
    // A rejected one counts nowhere.
    expect((await post(people.sanFabian.cookie, { intent: "add-entry", value: "5", occurredOn: `${year}-01-20`, note: "Duplicada" })).status).toBe(302);
    const entries = await s.db.select().from(goalEntries).where(eq(goalEntries.goalId, goalId));
    for (const entry of entries.filter((e) => ["Feria 0", "Feria 1", "Feria 2", "Feria 3"].includes(e.note))) {
      expect((await post(people.coordinator.cookie, { intent: "validate-entry", entryId: entry.id })).status).toBe(302);
    }
    const duplicate = entries.find((e) => e.note === "Duplicada")!;
    expect((await post(people.coordinator.cookie, { intent: "reject-entry", entryId: duplicate.id, reviewNote: "Repetida" })).status).toBe(302);

    const day = dayFromToday(10);
    const briefing = await responseOf(
      newActivityAction({
        request: requestFor("/actividades/nueva", {
          cookie: people.coordinator.cookie,
          form: { networkId: netA.id, typeSlug: "reunion-alcalde", title: "Reunión con el alcalde", startsAt: `${day}T09:00`, endsAt: `${day}T09:30`, modality: "remota", onlineUrl: "https://meet.example.cl/alcalde", hostOrganizationId: s.orgs.sanCarlos.id },
        }),
        params: {},
        context,
      }),
    );
    expect(briefing.status).toBe(302);
    briefingId = briefing.headers.get("location")!.split("/").pop()!;
  });
  afterAll(async () => s.ctx.close());

  it("shows the board's validated figures for each goal, with pending contributions apart", async () => {
    const { netA, people } = s;
    const board = (await (await responseOf(boardLoader({ request: requestFor(`/redes/${netA.id}/metas`, { cookie: people.coordinator.cookie }), params: { networkId: netA.id }, context }))).json()) as { board: BoardGoal[] };
    const page = (await (await responseOf(activityLoader({ request: requestFor(`/actividades/${briefingId}`, { cookie: people.coordinator.cookie }), params: { activityId: briefingId }, context }))).json()) as { brief: { goals: BriefGoal[] } };

    const onBoard = board.board.find((g) => g.goal.id === goalId)!;
    const inBrief = page.brief.goals.find((g) => g.id === goalId)!;
    expect(onBoard).toMatchObject({ validated: 4, pending: 4, validatedPercent: 100 });
    expect(inBrief).toMatchObject({ target: 4, validated: onBoard.validated, pending: onBoard.pending, validatedPercent: onBoard.validatedPercent });
    expect(page.brief.goals).toHaveLength(board.board.length);
  });
});
