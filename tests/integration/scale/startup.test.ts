import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { createEmptyDatabase, ensureBuilt, redisPrefix, spawnCollab, spawnPortal, waitHealthy, type Child } from "./support";

/*
 * Issue 10, point 6: processes started together on an EMPTY PostgreSQL
 * database all come up — migrations run under an advisory lock (and the demo
 * seed under another), so nobody dies on "relation already exists".
 * PostgreSQL only: PGlite allows one process per data dir.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)("start-up on an empty PostgreSQL database (PostgreSQL only: skipped without TEST_DATABASE_URL, PGlite allows one process)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it("four connections migrating at once all succeed", async () => {
    const database = await createEmptyDatabase(adminUrl!, "scale_migrate");
    cleanups.push(database.drop);
    const handles = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: database.url })));
    for (const handle of handles) await handle.close();
    const check = await openDatabase({ databaseUrl: database.url, migrate: false });
    const { rows } = await check.pgPool!.query<{ n: string }>("select count(*) as n from drizzle.__drizzle_migrations");
    await check.close();
    expect(Number(rows[0].n)).toBeGreaterThan(0);
  });

  it("two portals and one `npm run collab` started at the same moment all become healthy", async () => {
    ensureBuilt();
    const database = await createEmptyDatabase(adminUrl!, "scale_startup");
    cleanups.push(database.drop);
    const redis = redisPrefix();
    cleanups.push(redis.cleanup);
    const procs: (Child & { baseUrl: string })[] = await Promise.all([
      spawnPortal(database.url, redis.prefix),
      spawnPortal(database.url, redis.prefix),
      spawnCollab(database.url, redis.prefix),
    ]);
    cleanups.push(async () => {
      await Promise.all(procs.map((p) => p.stop()));
    });
    await Promise.all(procs.map((p) => waitHealthy(p)));
    for (const p of procs) expect(p.output()).not.toMatch(/already exists|ya existe|no pudo iniciar/i);
    // The demo was seeded once: by one portal, with no network or office twice.
    const check = await openDatabase({ databaseUrl: database.url, migrate: false });
    const { rows } = await check.pgPool!.query<{ name: string }>(
      "select name from networks group by name having count(*) > 1 union all select name from organizations group by name having count(*) > 1",
    );
    const { rows: counted } = await check.pgPool!.query<{ n: string }>("select count(*) as n from networks");
    await check.close();
    expect(rows).toEqual([]);
    expect(Number(counted[0].n)).toBeGreaterThan(0);
    expect(procs.filter((p) => p.output().includes("contraseña:"))).toHaveLength(1);
  }, 180_000); // three cold starts at once on a 2-core machine shared with other tests
});
