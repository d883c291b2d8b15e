import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { login } from "../support/browser";
import { usePortalAndBrowser } from "../support/portal";

/*
 * The audit log in the browser: an OMIL's goals export is logged; the DR opens
 * the log from the network page (filtered by that network), narrows it to the
 * person, downloads the CSV and finds the same event there; from the people
 * page it opens one person's log. An OMIL gets 403.
 */

const DR = "dr.nuble@demo.redomil.cl";
const SAN_CARLOS = "omil.sancarlos@demo.redomil.cl";
const NETWORK = "Red Territorial Punilla";

/** The rows of a ";"-separated CSV with a BOM and RFC 4180 quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe("audit log in the browser", () => {
  const env = usePortalAndBrowser();

  it("a DR filters by network and person and downloads the CSV; an OMIL is refused", async () => {
    const base = env.portal.baseUrl;
    const omil = await env.browser.newContext();
    const omilPage = await omil.newPage();
    await login(omilPage, base, SAN_CARLOS, env.portal.demoPasswords[SAN_CARLOS]);
    // An audited export by the coordinator: the goals CSV of its network.
    await omilPage.goto(`${base}/redes`);
    await omilPage.getByRole("link", { name: NETWORK }).first().click();
    await omilPage.waitForURL(/\/redes\/[0-9a-f-]{36}$/);
    const networkId = omilPage.url().split("/").pop()!;
    const exported = await omilPage.request.get(`${base}/redes/${networkId}/metas/exportar?tipo=metas`);
    expect(exported.status()).toBe(200);
    // The network page offers no log to an OMIL, and the log itself answers 403.
    expect(await omilPage.getByRole("link", { name: "Registro de actividad" }).count()).toBe(0);
    const refused = await omilPage.goto(`${base}/auditoria`);
    expect(refused?.status()).toBe(403);
    await omilPage.getByRole("heading", { name: "Sin permiso" }).waitFor();
    expect((await omilPage.request.get(`${base}/auditoria.csv`)).status()).toBe(403);
    await omil.close();

    const drContext = await env.browser.newContext({ acceptDownloads: true });
    const page = await drContext.newPage();
    await login(page, base, DR, env.portal.demoPasswords[DR]);
    await page.goto(`${base}/redes/${networkId}`);
    await page.getByRole("navigation", { name: "Secciones de la red" }).getByRole("link", { name: "Registro de actividad" }).click();
    await page.waitForURL((url) => url.pathname === "/auditoria" && url.searchParams.get("red") === networkId);
    await page.getByLabel("Persona").selectOption({ label: await personOption(page, "Marcela Contreras") });
    await Promise.all([page.waitForURL((url) => url.searchParams.has("persona")), page.getByRole("button", { name: "Filtrar" }).click()]);
    const personId = new URL(page.url()).searchParams.get("persona")!;
    expect(new URL(page.url()).searchParams.get("red")).toBe(networkId);
    const shown = page.locator("table tbody tr");
    await shown.filter({ hasText: "Metas exportadas" }).first().waitFor();
    for (const text of await shown.allInnerTexts()) {
      expect(text).toContain("Marcela Contreras");
      expect(text).toContain(NETWORK);
    }

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar CSV" }).click()]);
    const rows = parseCsv(fs.readFileSync((await download.path())!, "utf8")).filter((r) => r.some((f) => f !== ""));
    expect(rows[0]).toEqual(["Fecha y hora (Chile)", "Persona", "Acción", "Código de acción", "Recurso", "Red", "Detalle", "Dirección IP"]);
    const events = rows.slice(1);
    expect(events.length).toBe(await shown.count());
    for (const event of events) {
      expect(event[1]).toContain("Marcela Contreras");
      expect(event[5]).toBe(NETWORK);
    }
    const exportRow = events.find((e) => e[3] === "goals.exported");
    expect(exportRow?.[2]).toBe("Metas exportadas");
    expect(exportRow?.[6]).toContain("metas");

    // The people page opens each person's log.
    await page.goto(`${base}/admin/usuarios`);
    await page.getByRole("link", { name: "Registro de actividad de Marcela Contreras" }).click();
    await page.waitForURL((url) => url.pathname === "/auditoria" && url.searchParams.get("persona") === personId);
    await page.locator("table tbody tr").filter({ hasText: "Metas exportadas" }).first().waitFor();
    await drContext.close();
    expect(env.portal.errorLines()).toEqual([]);
  });
});

/** The label of the person filter's option that names `name` (it may add the office). */
async function personOption(page: Page, name: string): Promise<string> {
  const labels = await page.getByLabel("Persona").locator("option").allInnerTexts();
  const label = labels.find((l) => l.includes(name));
  if (!label) throw new Error(`sin opción para ${name}: ${labels.join(", ")}`);
  return label;
}
