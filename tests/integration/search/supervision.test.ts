import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { practices, practiceSearchOutbox } from "~/db/schema";
import { loadEnv } from "~/env.server";
import { practicesJobs } from "~/features/practices/jobs.server";
import { importPracticeText } from "~/features/practices/import.server";
import { SYSTEM_AUTHOR } from "~/features/practices/seed.server";
import { PRIVATE_PRACTICES_INDEX } from "~/features/practices/search/settings.server";
import { seedPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { getSearch } from "~/search/client.server";
import { getLogger } from "~/utils/logger.server";
import { collectHealth } from "../../../server/health";
import { searchStarted, startSearch, stopSearch } from "../../../server/search";
import { startWorker, type Worker } from "../../../server/workers";
import { setupAppContext } from "../../setup/app-context";
import { expectConsoleError } from "../../setup/expect-console-error";

/*
 * The portal's supervision of the embedded Meilisearch, with a real kill:
 * SIGKILL the engine → search "restarting" (also in /healthz) → restarted on
 * the same port and data → the practices outbox (including rows pushed back by
 * backoff) reaches the index within 5 s of the engine's return.
 */
// Drafts: they go to the internal index (the one staff search).
const practiceText = (slug: string, title: string) => `---
slug: ${slug}
---
# ${title}

## Resumen
Una práctica para probar que el índice se pone al día después de un reinicio del motor de búsqueda.
`;

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function indexed(client: Meilisearch, id: string): Promise<boolean> {
  return client
    .index(PRIVATE_PRACTICES_INDEX)
    .getDocument(id)
    .then(() => true, () => false);
}

describe("embedded Meilisearch under supervision", () => {
  let ctx: Awaited<ReturnType<typeof setupAppContext>>;
  let worker: Worker;
  let returnedAt = 0;
  const job = practicesJobs[0];

  beforeAll(async () => {
    ctx = await setupAppContext();
    await seedPracticeTaxonomies(ctx.handle.db);
    const env = loadEnv({ NODE_ENV: "test", DATA_DIR: ctx.dataDir });
    worker = startWorker(job.name, 60_000, job.run, getLogger());
    await startSearch(env, getLogger(), {
      backoffMs: () => 300,
      async onAvailable() {
        returnedAt = Date.now();
        await job.searchReturned!();
        void worker.runNow();
      },
    });
    await searchStarted();
  });

  afterAll(async () => {
    await worker?.stop();
    await stopSearch(getLogger());
    await ctx?.close();
  });

  it("restarts the engine after a kill, says so in /healthz meanwhile, and the outbox catches up within 5 s", async () => {
    const first = await importPracticeText(ctx.handle.db, SYSTEM_AUTHOR, { organizationId: null, organizationKind: "nivel_central", regionCode: null }, practiceText("antes-del-corte", "Práctica antes del corte"), { sourceName: "a.md" });
    await worker.runNow();
    const client = getSearch().client!;
    expect(await indexed(client, first.practice.id)).toBe(true);
    expect((await collectHealth("test", () => "ok")).search).toBe("ok");

    // A real kill of the engine process (its PID file is beside its data).
    const pid = Number(fs.readFileSync(path.join(ctx.dataDir, "meili", "meilisearch.pid"), "utf8"));
    expectConsoleError(1); // "Meilisearch terminó inesperadamente" is logged at error level
    returnedAt = 0;
    process.kill(pid, "SIGKILL");
    await waitFor(() => getSearch().status === "restarting", 5_000, "search restarting");
    expect((await collectHealth("test", () => "ok")).search).toBe("restarting");

    // Written during the outage, and one row pushed far back by earlier failures (backoff).
    const second = await importPracticeText(ctx.handle.db, SYSTEM_AUTHOR, { organizationId: null, organizationKind: "nivel_central", regionCode: null }, practiceText("durante-el-corte", "Práctica durante el corte"), { sourceName: "b.md" });
    await ctx.handle.db
      .update(practiceSearchOutbox)
      .set({ attempts: 6, nextAttemptAt: sql`now() + interval '10 minutes'` })
      .where(eq(practiceSearchOutbox.practiceId, second.practice.id));

    await waitFor(() => getSearch().status === "ok" && returnedAt > 0, 30_000, "engine back");
    expect(Number(fs.readFileSync(path.join(ctx.dataDir, "meili", "meilisearch.pid"), "utf8"))).not.toBe(pid);
    expect(getSearch().client).toBe(client); // same port: the client and its index settings stay valid
    expect((await collectHealth("test", () => "ok")).search).toBe("ok");

    const outboxEmpty = async () => {
      const [row] = await ctx.handle.db.select({ n: sql<number>`count(*)::int` }).from(practiceSearchOutbox);
      return Number(row.n) === 0;
    };
    await waitFor(async () => (await outboxEmpty()) && (await indexed(client, second.practice.id)), 5_000, "the outbox to catch up");
    const caughtUpMs = Date.now() - returnedAt;
    expect(caughtUpMs).toBeLessThanOrEqual(5_000);
    expect(await indexed(client, first.practice.id)).toBe(true);
    expect((await ctx.handle.db.select().from(practices)).length).toBe(2);
  });
});
