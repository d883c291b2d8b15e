import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type Portal } from "../support/portal";
import { httpLogin } from "../../setup/http-login";

describe("durability", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it("keeps a committed write after SIGKILL and restart, and refuses a second process on the same data dir", async () => {
    const cookie = await httpLogin(portal.baseUrl, "admin@demo.redomil.cl", portal.demoPasswords["admin@demo.redomil.cl"]);
    const created = await fetch(`${portal.baseUrl}/redes/nueva`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ name: "Red Costa de Ñuble", regionCode: "16", description: "Creada antes del corte", reminderDays: "5" }),
      redirect: "manual",
    });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/redes\/[0-9a-f-]{36}$/);

    // The response came back: the write is committed. Kill without any chance to flush.
    await portal.kill("SIGKILL");
    await portal.restart();

    const cookieAfter = await httpLogin(portal.baseUrl, "admin@demo.redomil.cl", portal.demoPasswords["admin@demo.redomil.cl"]);
    const page = await fetch(`${portal.baseUrl}${location}`, { headers: { cookie: cookieAfter } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Red Costa de Ñuble");

    // A second process on the same embedded data dir must fail clearly, not corrupt it.
    const second = spawnSync(process.execPath, ["server/start.js"], {
      env: { ...process.env, NODE_ENV: "production", PORT: "0", BASE_URL: "http://localhost:1", DATA_DIR: portal.dataDir, SEARCH_DISABLED: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stdout + second.stderr).toContain("está en uso por otro proceso");
    expect((await fetch(`${portal.baseUrl}/healthz`)).status).toBe(200);
  });
});
