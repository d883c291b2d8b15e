import { it } from "vitest";
import { startPortal } from "../support/portal";
it("ferias", async () => {
  const portal = await startPortal();
  const r = await fetch(`${portal.baseUrl}/ferias?region=16`);
  const t = await r.text(); const i = t.indexOf("<main"); console.log(r.status, t.slice(i, i + 2500));
  await portal.stop();
});
