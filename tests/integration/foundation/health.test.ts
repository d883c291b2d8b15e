import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSearch, setSearch } from "~/search/client.server";
import { loadEnv } from "~/env.server";
import { collectHealth } from "../../../server/health";
import { searchStarted, startSearch } from "../../../server/search";
import { setupAppContext } from "../../setup/app-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("health and degraded search", () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await setupAppContext();
  });
  afterAll(async () => {
    setSearch(undefined);
    await ctx.close().catch(() => undefined);
  });

  it("starts without search when Meilisearch cannot start, and says why", async () => {
    const warnings: string[] = [];
    await startSearch(loadEnv({ DATA_DIR: ctx.dataDir, MEILI_BIN: "/nonexistent/meilisearch" }), { ...quietLog, warn: (m: string) => warnings.push(m) });
    // The portal does not wait for the engine: "starting" until it answers or fails.
    expect(getSearch().status).toBe("starting");
    // The failed spawn may be reported while the health check awaits the database ping.
    expect(["starting", "error"]).toContain((await collectHealth("test", () => "ok")).search);
    await searchStarted();
    expect(getSearch().status).toBe("error");
    expect(warnings.join("\n")).toContain("no disponible");
    const health = await collectHealth("test", () => "ok");
    expect(health).toEqual({ db: "ok", search: "error", collab: "ok", version: "test" });
  });

  it("reports disabled search and a database failure", async () => {
    await startSearch(loadEnv({ DATA_DIR: ctx.dataDir, SEARCH_DISABLED: "1" }), quietLog);
    expect((await collectHealth("test", () => "ok")).search).toBe("disabled");
    await ctx.handle.close();
    expect((await collectHealth("test", () => "error")).db).toBe("error");
  });
});
